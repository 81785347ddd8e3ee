namespace EdgeGen.Numerics;

/// <summary>
/// TFLite's MultiplyByQuantizedMultiplier plus the output offset as one rounding high multiply-accumulate
/// (Arm's SMMLAR) and one arithmetic shift, exact for every accumulator with |acc| &lt;= a bound the
/// generator proves from the weights and bias:
/// <code>
///   r = (SMMLAR(acc &lt;&lt; (left + 1), M, C) + (acc &gt;&gt; 31)) &gt;&gt; n,   C = 2^(n-1) + zp * 2^n   (n = right shift &gt; 0)
///   r = SMMLAR(acc &lt;&lt; (left + 1), M, zp)                                                   (n = 0)
///   SMMLAR(a, b, c) = floor((c * 2^32 + a * b + 2^31) / 2^32)
/// </code>
/// Why it is exact. With y = (acc &lt;&lt; left) * M, TFLite computes s = SaturatingRoundingDoublingHighMul = floor((y + 2^30) / 2^31)
/// (its nudge rounds half up for either sign; the saturating case needs M = INT32_MIN, which multipliers never are),
/// and SMMLAR(2 * (acc &lt;&lt; left), M, 0) is the same floor((2y + 2^31) / 2^32). RoundingDivideByPOT(s, n) rounds half away
/// from zero, i.e. floor((s + 2^(n-1) - [s &lt; 0]) / 2^n); adding zp * 2^n before the shift adds zp after it. For M &gt; 2^30,
/// s &lt; 0 exactly when acc &lt; 0; for M = 2^30 and acc = -1, s = 0 and the shift of 2^(n-1) - 1 gives the same 0; for M = 0,
/// s = 0 and n = 0. So the sign of acc may stand for the sign of s. The doubled, shifted accumulator must fit 31 bits
/// (|acc| &lt; 2^(30 - left)) and s + C must not overflow (n &lt;= <see cref="MaxRightShift"/>).
/// When the activation's lower clamp is at or above the output zero point, the sign fix may be dropped: for acc &lt; 0 both
/// forms give r &lt;= 0, and the clamp maps every such value to the same lower bound.
/// </summary>
public sealed record FastRequantizer(int Multiplier, int LeftShift, int Addend, int RightShift, bool SignFix)
{
    public const int MaxRightShift = 22;

    /// <summary>The fast form of (M, shift) with output offset <paramref name="outputOffset"/>, or null when it is not proven exact for |acc| &lt;= <paramref name="accumulatorBound"/>.</summary>
    public static FastRequantizer? TryCreate(int multiplier, int shift, long accumulatorBound, int outputOffset, ActivationRange range)
    {
        var left = Math.Max(shift, 0);
        var right = Math.Max(-shift, 0);
        if (multiplier < 0 || right > MaxRightShift || left > 29 || Math.Abs((long)outputOffset) > 1 << 15) return null;
        if (accumulatorBound >= 1L << (30 - left)) return null;
        var addend = (right > 0 ? 1 << (right - 1) : 0) + outputOffset * (1 << right);
        return new FastRequantizer(multiplier, left + 1, addend, right, right > 0 && range.Min < outputOffset);
    }

    /// <summary>
    /// The requantizer of a channel whose weights are all zero: its accumulator is the (folded) bias, which kernels then set to
    /// 0, and the output is the constant <paramref name="value"/> whatever the shifts (0 &lt;&lt; k = 0, and the sign term is 0).
    /// </summary>
    public static FastRequantizer Constant(int value) => new(0, 1, value, 0, false);

    /// <summary>True for <see cref="Constant"/> requantizers, which fit any kernel's shared form.</summary>
    public bool IsConstant => Multiplier == 0 && RightShift == 0;

    /// <summary>The requantized accumulator plus the output offset, before the activation clamp (exact for accumulators within the proven bound).</summary>
    public int Apply(int acc)
    {
        var s = SmmlaR(acc << LeftShift, Multiplier, Addend);
        if (SignFix) s += acc >> 31;
        return s >> RightShift;
    }

    /// <summary>Arm's SMMLAR: the high word of c * 2^32 + a * b, rounded.</summary>
    public static int SmmlaR(int a, int b, int c) => (int)((((long)c << 32) + (long)a * b + 0x80000000L) >> 32);

    /// <summary>The largest |accumulator| of one output: |bias| + Σ|w| * max|x + input offset| over int8 inputs.</summary>
    public static long AccumulatorBound(IEnumerable<sbyte> weights, long bias, int inputOffset)
    {
        var maxInput = Math.Max(Math.Abs(-128L + inputOffset), Math.Abs(127L + inputOffset));
        return Math.Abs(bias) + weights.Sum(w => (long)Math.Abs((int)w)) * maxInput;
    }
}
