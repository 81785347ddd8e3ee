// EdgeGen C# runtime: the int8 dot products of convolutions and fully connected layers,
// Σ (x[i] + xOffset) · w[i] with int32 wrap-around (TFLite's int32 accumulator). Portable
// Vector128 only: NativeAOT compiles it to NEON on arm64 and SSE on x64.
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace EdgeGen.Runtime;

public static unsafe class Dot
{
    /// <summary>
    /// Σ (x[i] + xOffset) · w[i] for i &lt; n. Requires xOffset in [-128, 128] (minus an int8 zero
    /// point), so every term fits in 16 bits: |x + xOffset| &lt;= 255 and |w| &lt;= 128 give |term| &lt;= 32640.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int Int8(sbyte* x, sbyte* w, int n, int xOffset)
    {
        int i = 0;
        int sum = 0;
        if (Vector128.IsHardwareAccelerated && n >= 8)
        {
            var acc = Vector128<int>.Zero;
            var offset = Vector128.Create((short)xOffset);
            for (; i + 16 <= n; i += 16)
            {
                var (xl, xh) = Vector128.Widen(Vector128.Load(x + i));
                var (wl, wh) = Vector128.Widen(Vector128.Load(w + i));
                acc += WidenedSum((xl + offset) * wl) + WidenedSum((xh + offset) * wh);
            }
            if (i + 8 <= n)
            {
                var xl = Vector128.WidenLower(Vector128.CreateScalar(*(long*)(x + i)).AsSByte());
                var wl = Vector128.WidenLower(Vector128.CreateScalar(*(long*)(w + i)).AsSByte());
                acc += WidenedSum((xl + offset) * wl);
                i += 8;
            }
            sum = Vector128.Sum(acc);
        }
        for (; i < n; i++) sum += (x[i] + xOffset) * w[i];
        return sum;
    }

    /// <summary>The same sum, one term at a time: the portable fallback and the tests' yardstick.</summary>
    public static int Int8Scalar(sbyte* x, sbyte* w, int n, int xOffset)
    {
        int sum = 0;
        for (int i = 0; i < n; i++) sum += (x[i] + xOffset) * w[i];
        return sum;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<int> WidenedSum(Vector128<short> products)
    {
        var (lo, hi) = Vector128.Widen(products);
        return lo + hi;
    }
}
