namespace EdgeGen.Numerics;

/// <summary>
/// The integer arithmetic TFLite's quantized kernels are defined by (gemmlowp's fixed point and
/// TFLite's quantization utilities). Every kernel, in the reference interpreter and in generated
/// code, must compute exactly these functions; C versions live in runtime/c/edgegen_fixedpoint.h.
/// </summary>
public static class FixedPoint
{
    /// <summary>High 32 bits of 2*a*b, rounded to nearest (ties away from zero), saturating the one overflow case.</summary>
    public static int SaturatingRoundingDoublingHighMul(int a, int b)
    {
        if (a == b && a == int.MinValue) return int.MaxValue;
        var ab = (long)a * b;
        var nudge = ab >= 0 ? 1L << 30 : 1 - (1L << 30);
        return (int)((ab + nudge) / (1L << 31)); // C division truncates toward zero, as C# does
    }

    /// <summary>x / 2^exponent rounded to nearest, ties away from zero; exponent in [0, 31].</summary>
    public static int RoundingDivideByPOT(int x, int exponent)
    {
        var mask = (int)((1L << exponent) - 1);
        var remainder = x & mask;
        var threshold = (mask >> 1) + (x < 0 ? 1 : 0);
        return (x >> exponent) + (remainder > threshold ? 1 : 0);
    }

    /// <summary>
    /// TFLite's MultiplyByQuantizedMultiplier for int32 accumulators (the default double-rounding
    /// form): shift left first when the shift is positive, then a rounding high multiply, then a
    /// rounding right shift.
    /// </summary>
    public static int MultiplyByQuantizedMultiplier(int x, int multiplier, int shift)
    {
        var leftShift = shift > 0 ? shift : 0;
        var rightShift = shift > 0 ? 0 : -shift;
        return RoundingDivideByPOT(SaturatingRoundingDoublingHighMul(unchecked(x * (1 << leftShift)), multiplier), rightShift);
    }

    /// <summary>
    /// TFLite's MultiplyByQuantizedMultiplier for int64 accumulators (16x8 kernels): the
    /// multiplier is reduced to 16 bits (rounded), then one rounding right shift by 15 - shift.
    /// </summary>
    public static int MultiplyByQuantizedMultiplier(long x, int multiplier, int shift)
    {
        var reduced = multiplier < 0x7FFF0000 ? (multiplier + (1 << 15)) >> 16 : 0x7FFF;
        var totalShift = 15 - shift;
        var rounded = unchecked(x * reduced + (1L << (totalShift - 1)));
        return unchecked((int)(rounded >> totalShift));
    }

    /// <summary>MultiplyByQuantizedMultiplierGreaterThanOne (used by softmax's input scaling).</summary>
    public static int MultiplyByQuantizedMultiplierGreaterThanOne(int x, int multiplier, int leftShift) =>
        SaturatingRoundingDoublingHighMul(unchecked(x * (1 << leftShift)), multiplier);

    /// <summary>MultiplyByQuantizedMultiplierSmallerThanOneExp: the multiply then a rounding right shift by -leftShift.</summary>
    public static int MultiplyByQuantizedMultiplierSmallerThanOneExp(int x, int multiplier, int leftShift) =>
        RoundingDivideByPOT(SaturatingRoundingDoublingHighMul(x, multiplier), -leftShift);

    public static int Clamp(int value, int min, int max) => value < min ? min : value > max ? max : value;
}
