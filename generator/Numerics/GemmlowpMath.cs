using System.Numerics;

namespace EdgeGen.Numerics;

/// <summary>
/// gemmlowp's fixed-point transcendental functions as TFLite's quantized softmax uses them. A
/// value with I integer bits is an int32 raw r meaning r / 2^(31 - I); multiplying two such values
/// is SaturatingRoundingDoublingHighMul of the raws (integer bits add up); "rescale" changes the
/// integer bits by a saturating shift. Constants are gemmlowp's published Q-format values.
/// </summary>
public static class GemmlowpMath
{
    private const int One0 = int.MaxValue; // 1.0 with 0 integer bits saturates to the largest raw

    private static int Mul(int a, int b) => FixedPoint.SaturatingRoundingDoublingHighMul(a, b);

    /// <summary>gemmlowp's SaturatingRoundingMultiplyByPOT: shift left saturating, or rounding shift right.</summary>
    public static int MultiplyByPOT(int x, int exponent)
    {
        if (exponent == 0) return x;
        if (exponent < 0) return FixedPoint.RoundingDivideByPOT(x, -exponent);
        var threshold = (1 << (31 - exponent)) - 1;
        if (x > threshold) return int.MaxValue;
        if (x < -threshold) return int.MinValue;
        return x << exponent;
    }

    /// <summary>Changes a value's integer bits from <paramref name="from"/> to <paramref name="to"/>.</summary>
    public static int Rescale(int raw, int from, int to) => MultiplyByPOT(raw, from - to);

    /// <summary>exp(a) for a in [-1/4, 0), a with 0 integer bits: a Taylor expansion around -1/8.</summary>
    public static int ExpOnIntervalBetweenNegativeOneQuarterAnd0Excl(int a)
    {
        const int constantTerm = 1895147668;    // exp(-1/8)
        const int constantOneThird = 715827883; // 1/3
        var x = unchecked(a + (1 << 28));        // a + 1/8
        var x2 = Mul(x, x);
        var x3 = Mul(x2, x);
        var x4 = Mul(x2, x2);
        var x4Over4 = MultiplyByPOT(x4, -2);
        var poly = MultiplyByPOT(unchecked(Mul(unchecked(x4Over4 + x3), constantOneThird) + x2), -1);
        return unchecked(constantTerm + Mul(constantTerm, unchecked(x + poly)));
    }

    /// <summary>exp(a) for a &lt;= 0 given with <paramref name="integerBits"/> integer bits; the result has 0 integer bits.</summary>
    public static int ExpOnNegativeValues(int a, int integerBits)
    {
        var fractionalBits = 31 - integerBits;
        var oneQuarter = 1 << (fractionalBits - 2);
        var mask = oneQuarter - 1;
        var aModQuarterMinusQuarter = unchecked((a & mask) - oneQuarter);
        var result = ExpOnIntervalBetweenNegativeOneQuarterAnd0Excl(Rescale(aModQuarterMinusQuarter, integerBits, 0));
        var remainder = unchecked(aModQuarterMinusQuarter - a);

        // Multiply in exp(-2^k) for every bit k of the remaining whole quarters (barrel shifter).
        ReadOnlySpan<(int Exponent, int Multiplier)> steps =
        [
            (-2, 1672461947), (-1, 1302514674), (0, 790015084), (1, 290630308),
            (2, 39332535), (3, 720401), (4, 242),
        ];
        foreach (var (exponent, multiplier) in steps)
        {
            if (integerBits <= exponent) continue;
            var shift = fractionalBits + exponent;
            if ((remainder & (1 << shift)) != 0) result = Mul(result, multiplier);
        }
        if (integerBits > 5)
        {
            var clamp = -(1 << (36 - integerBits));
            if (a < clamp) result = 0;
        }
        return a == 0 ? One0 : result;
    }

    /// <summary>1 / (1 + a) for a in [0, 1) with 0 integer bits: three Newton-Raphson steps from 48/17 - 32/17 d.</summary>
    public static int OneOverOnePlusXForXIn01(int a)
    {
        var halfDenominator = RoundingHalfSum(a, One0);
        const int constant48Over17 = 1515870810;     // 48/17 with 2 integer bits
        const int constantNeg32Over17 = -1010580540; // -32/17 with 2 integer bits
        const int one2 = 1 << 29;                    // 1.0 with 2 integer bits
        var x = unchecked(constant48Over17 + Mul(halfDenominator, constantNeg32Over17));
        for (var i = 0; i < 3; i++)
        {
            var halfDenominatorTimesX = Mul(halfDenominator, x);
            var oneMinus = unchecked(one2 - halfDenominatorTimesX);
            x = unchecked(x + Rescale(Mul(x, oneMinus), 4, 2));
        }
        // ExactMulByPot<-1> reinterprets the raw with one integer bit less; then rescale to 0 bits.
        return Rescale(x, 1, 0);
    }

    public static int RoundingHalfSum(int a, int b)
    {
        var sum = (long)a + b;
        var sign = sum >= 0 ? 1 : -1;
        return (int)((sum + sign) / 2);
    }

    /// <summary>TFLite's GetReciprocal: 1/x for x with <paramref name="integerDigits"/> integer bits, as a 0-integer-bit value and a shift.</summary>
    public static int GetReciprocal(int x, int integerDigits, out int numBitsOverUnit)
    {
        var headroomPlusOne = BitOperations.LeadingZeroCount((uint)x);
        numBitsOverUnit = integerDigits - headroomPlusOne;
        var shiftedSumMinusOne = unchecked((int)(((uint)x << headroomPlusOne) - (1u << 31)));
        return OneOverOnePlusXForXIn01(shiftedSumMinusOne);
    }
}
