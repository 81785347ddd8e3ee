// EdgeGen C# runtime: the fixed-point reciprocal of TFLite's quantized softmax (gemmlowp's
// one_over_one_plus_x_for_x_in_0_1 and TFLite's GetReciprocal), bit-exact with
// generator/Numerics/GemmlowpMath.cs. The exp values come from a table computed at generation time.
using System.Numerics;
using System.Runtime.CompilerServices;

namespace EdgeGen.Runtime;

public static class SoftmaxMath
{
    /// <summary>Saturating left shift (gemmlowp's SaturatingRoundingMultiplyByPOT for exponent &gt; 0).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int SaturatingShiftLeft(int x, int exponent)
    {
        int threshold = (int)((1L << (31 - exponent)) - 1);
        if (x > threshold) return int.MaxValue;
        if (x < -threshold) return int.MinValue;
        return (int)((uint)x << exponent);
    }

    /// <summary>1 / (1 + a) for a in [0, 1), both with 0 integer bits: three Newton-Raphson steps.</summary>
    public static int OneOverOnePlusX(int a)
    {
        long sum = (long)a + int.MaxValue;
        int halfDenominator = (int)((sum + (sum >= 0 ? 1 : -1)) / 2);
        int x = unchecked(1515870810 + FixedPoint.Srdhm(halfDenominator, -1010580540));
        for (int i = 0; i < 3; i++)
        {
            int oneMinus = unchecked((1 << 29) - FixedPoint.Srdhm(halfDenominator, x));
            x = unchecked(x + SaturatingShiftLeft(FixedPoint.Srdhm(x, oneMinus), 2));
        }
        return SaturatingShiftLeft(x, 1);
    }

    /// <summary>TFLite's GetReciprocal: 1/x for x with <paramref name="integerBits"/> integer bits; <paramref name="bitsOverUnit"/> gets the extra shift.</summary>
    public static int Reciprocal(int x, int integerBits, out int bitsOverUnit)
    {
        int headroomPlusOne = BitOperations.LeadingZeroCount((uint)x);
        int shiftedMinusOne = unchecked((int)(((uint)x << headroomPlusOne) - (1u << 31)));
        bitsOverUnit = integerBits - headroomPlusOne;
        return OneOverOnePlusX(shiftedMinusOne);
    }
}
