// EdgeGen C# runtime: the integer arithmetic TFLite's quantized kernels are defined by.
// Bit-exact with EdgeGen's reference interpreter (generator/Numerics) and with runtime/c;
// generated kernels call these with constants decided at generation time.
// No allocation, no reflection: NativeAOT- and trim-safe.
using System.Runtime.CompilerServices;

namespace EdgeGen.Runtime;

public static class FixedPoint
{
    /// <summary>High 32 bits of 2*a*b, rounded half away from zero; saturates the one overflow case.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int Srdhm(int a, int b)
    {
        if (a == int.MinValue && b == int.MinValue) return int.MaxValue;
        long ab = (long)a * b;
        long nudge = ab >= 0 ? 1L << 30 : 1 - (1L << 30);
        return (int)((ab + nudge) / (1L << 31));
    }

    /// <summary>x / 2^exponent rounded to nearest, ties away from zero; exponent in [0, 31].</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int Rdbpot(int x, int exponent)
    {
        int mask = (int)((1L << exponent) - 1);
        int remainder = x & mask;
        int threshold = (mask >> 1) + (x < 0 ? 1 : 0);
        return (x >> exponent) + (remainder > threshold ? 1 : 0);
    }

    /// <summary>
    /// TFLite's MultiplyByQuantizedMultiplier (double rounding) for int32 accumulators. The
    /// multiplier is a quantized one, in [0, 2^31): never INT32_MIN, so the high multiply needs no
    /// saturation test, and its rounding nudge is computed without a branch.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int Requantize(int x, int multiplier, int shift)
    {
        int left = shift & ~(shift >> 31);
        int right = left - shift;
        long ab = (long)(int)((uint)x << left) * multiplier;
        long nudge = (1L << 30) - ((ab >> 63) & ((1L << 31) - 1));
        return Rdbpot((int)((ab + nudge) / (1L << 31)), right);
    }

    /// <summary>
    /// <see cref="Requantize"/> plus the output offset as one rounding high multiply-accumulate (Arm's SMMLAR)
    /// and one shift, for accumulators the generator proved small enough (generator/Numerics/FastRequantizer.cs
    /// has the proof and computes the four constants): about a third of the instructions.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int RequantizeFast(int acc, int leftShift, int multiplier, int addend, int rightShift) =>
        (HighMultiplyAdd(acc << leftShift, multiplier, addend) + (acc >> 31)) >> rightShift;

    /// <summary><see cref="RequantizeFast"/> without the sign correction, where the generator proved the activation clamp makes it irrelevant.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int RequantizeFastNoFix(int acc, int leftShift, int multiplier, int addend, int rightShift) =>
        HighMultiplyAdd(acc << leftShift, multiplier, addend) >> rightShift;

    /// <summary><see cref="RequantizeFast"/> with the sign correction per channel: <paramref name="fix"/> -1 applies it, 0 drops it.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int RequantizeFastMasked(int acc, int leftShift, int multiplier, int addend, int rightShift, int fix) =>
        (HighMultiplyAdd(acc << leftShift, multiplier, addend) + ((acc >> 31) & fix)) >> rightShift;

    /// <summary>The high word of c * 2^32 + a * b, rounded (Arm's SMMLAR).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int HighMultiplyAdd(int a, int b, int c) => (int)((((long)c << 32) + (long)a * b + 0x80000000L) >> 32);

    /// <summary>TFLite's MultiplyByQuantizedMultiplier for int64 accumulators (16x8 kernels).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int Requantize64(long x, int multiplier, int shift)
    {
        int reduced = multiplier < 0x7FFF0000 ? (multiplier + (1 << 15)) >> 16 : 0x7FFF;
        int total = 15 - shift;
        long rounded = unchecked(x * reduced + (1L << (total - 1)));
        return (int)(rounded >> total);
    }

    /// <summary>
    /// x limited to [lo, hi], without branches: clamp outcomes are data-dependent (a ReLU clamps
    /// about half the values), so branches would mispredict. The differences are taken in 64 bits.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int Clamp(int x, int lo, int hi)
    {
        long below = (long)x - lo;
        long v = x - (below & (below >> 63));
        long above = v - hi;
        return (int)(v - (above & ~(above >> 63)));
    }
}
