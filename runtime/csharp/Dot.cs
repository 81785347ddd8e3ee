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
                acc += Step(Vector128.Load(x + i).AsInt16(), Vector128.Load(w + i).AsInt16(), offset);
            if (i + 8 <= n)
            {
                // The upper 8 bytes are zero: their weights are zero, so their terms are zero.
                acc += Step(Vector128.CreateScalar(*(long*)(x + i)).AsInt16(), Vector128.CreateScalar(*(long*)(w + i)).AsInt16(), offset);
                i += 8;
            }
            sum = Vector128.Sum(acc);
        }
        for (; i < n; i++) sum += (x[i] + xOffset) * w[i];
        return sum;
    }

    /// <summary>
    /// 16 int8 pairs seen as 8 int16 lanes each: the even bytes sign-extend with (v &lt;&lt; 8) &gt;&gt; 8, the
    /// odd ones with v &gt;&gt; 8 (cheaper than widening on every ISA); the 16-bit terms then sum in
    /// adjacent pairs into 4 int32 lanes the same way.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<int> Step(Vector128<short> x, Vector128<short> w, Vector128<short> offset)
    {
        var even = (Even(x) + offset) * Even(w);
        var odd = (Odd(x) + offset) * Odd(w);
        return Even(even.AsInt32()) + Odd(even.AsInt32()) + Even(odd.AsInt32()) + Odd(odd.AsInt32());
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<short> Even(Vector128<short> v) => Vector128.ShiftRightArithmetic(Vector128.ShiftLeft(v, 8), 8);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<short> Odd(Vector128<short> v) => Vector128.ShiftRightArithmetic(v, 8);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<int> Even(Vector128<int> v) => Vector128.ShiftRightArithmetic(Vector128.ShiftLeft(v, 16), 16);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<int> Odd(Vector128<int> v) => Vector128.ShiftRightArithmetic(v, 16);

    /// <summary>Σ (x[i] + offset) · w[i] over 16 bytes, as 4 int32 partial sums (add them with Vector128.Sum).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<int> Step16(sbyte* x, sbyte* w, Vector128<short> offset) =>
        Step(Vector128.Load(x).AsInt16(), Vector128.Load(w).AsInt16(), offset);

    /// <summary>Σ (x[i] + offset) · w[i] over 8 bytes, as 4 int32 partial sums.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<int> Step8(sbyte* x, sbyte* w, Vector128<short> offset) =>
        Step(Vector128.CreateScalar(*(long*)x).AsInt16(), Vector128.CreateScalar(*(long*)w).AsInt16(), offset);

    /// <summary>Σ (x[i] + offset) · w[i] over <paramref name="blocks"/> whole 16-byte blocks, as 4 int32 partial sums.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<int> Blocks16(sbyte* x, sbyte* w, int blocks, Vector128<short> offset)
    {
        var acc = Vector128<int>.Zero;
        for (int b = 0; b < blocks; b++, x += 16, w += 16) acc += Step16(x, w, offset);
        return acc;
    }

    /// <summary>The same sum, one term at a time: the portable fallback and the tests' yardstick.</summary>
    public static int Int8Scalar(sbyte* x, sbyte* w, int n, int xOffset)
    {
        int sum = 0;
        for (int i = 0; i < n; i++) sum += (x[i] + xOffset) * w[i];
        return sum;
    }

    /// <summary>
    /// Depthwise step over 16 channels: a0..a3 (channels 0-3, 4-7, 8-11, 12-15) += (x[c] + xOffset) · w[c].
    /// Same 16-bit term bound as <see cref="Int8"/>.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void MultiplyAdd16(sbyte* x, sbyte* w, Vector128<short> xOffset,
        ref Vector128<int> a0, ref Vector128<int> a1, ref Vector128<int> a2, ref Vector128<int> a3)
    {
        var (xl, xh) = Vector128.Widen(Vector128.Load(x));
        var (wl, wh) = Vector128.Widen(Vector128.Load(w));
        var (p0, p1) = Vector128.Widen((xl + xOffset) * wl);
        var (p2, p3) = Vector128.Widen((xh + xOffset) * wh);
        a0 += p0;
        a1 += p1;
        a2 += p2;
        a3 += p3;
    }

    /// <summary>Depthwise step over 8 channels: a0 (channels 0-3) and a1 (4-7) += (x[c] + xOffset) · w[c].</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void MultiplyAdd8(sbyte* x, sbyte* w, Vector128<short> xOffset, ref Vector128<int> a0, ref Vector128<int> a1)
    {
        var xl = Vector128.WidenLower(Vector128.CreateScalar(*(long*)x).AsSByte());
        var wl = Vector128.WidenLower(Vector128.CreateScalar(*(long*)w).AsSByte());
        var (p0, p1) = Vector128.Widen((xl + xOffset) * wl);
        a0 += p0;
        a1 += p1;
    }

    /// <summary>
    /// Depthwise step with a depth multiplier: 8 output channels read the same input value
    /// <paramref name="x"/> (already offset, |x| &lt;= 255): a0 (channels 0-3) and a1 (4-7) += x · w[c].
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void MultiplyAddBroadcast8(int x, sbyte* w, ref Vector128<int> a0, ref Vector128<int> a1)
    {
        var wl = Vector128.WidenLower(Vector128.CreateScalar(*(long*)w).AsSByte());
        var (p0, p1) = Vector128.Widen(Vector128.Create((short)x) * wl);
        a0 += p0;
        a1 += p1;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<int> WidenedSum(Vector128<short> products)
    {
        var (lo, hi) = Vector128.Widen(products);
        return lo + hi;
    }
}
