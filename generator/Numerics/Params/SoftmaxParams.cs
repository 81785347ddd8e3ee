using EdgeGen.Ir;

namespace EdgeGen.Numerics.Params;

/// <summary>
/// TFLite's quantized softmax setup: the input differences to the row maximum are scaled by
/// beta * input_scale into a value with 5 integer bits (PreprocessSoftmaxScaling), and differences
/// below diff_min (CalculateInputRadius) contribute exp = 0.
/// </summary>
public sealed record SoftmaxParams(int InputMultiplier, int InputLeftShift, int DiffMin, int OutputBits, int OutputMin, int OutputMax)
{
    public const int ScaledDiffIntegerBits = 5;
    public const int AccumulationIntegerBits = 12;

    public static SoftmaxParams For(float beta, Tensor input, Tensor output)
    {
        var real = Math.Min((double)beta * input.Quant.Scale * (1 << (31 - ScaledDiffIntegerBits)), (1L << 31) - 1.0);
        var q = QuantizedMultiplier.FromDouble(real);
        var radius = Math.Floor(1.0 * ((1 << ScaledDiffIntegerBits) - 1) * (1L << (31 - ScaledDiffIntegerBits)) / (1L << q.Shift));
        var (min, max) = output.Type.IntegerRange();
        return new SoftmaxParams(q.Multiplier, q.Shift, -(int)radius, output.Type.SizeInBytes() * 8, min, max);
    }

    /// <summary>One row of the softmax, exactly as TFLite's reference kernel computes it.</summary>
    public void ApplyRow(ReadOnlySpan<int> row, Span<int> result)
    {
        var max = int.MinValue;
        foreach (var v in row) max = Math.Max(max, v);
        var sumOfExps = 0;
        foreach (var v in row)
        {
            var diff = v - max;
            if (diff >= DiffMin)
                sumOfExps = unchecked(sumOfExps + GemmlowpMath.Rescale(ExpOfDiff(diff), 0, AccumulationIntegerBits));
        }
        var shiftedScale = GemmlowpMath.GetReciprocal(sumOfExps, AccumulationIntegerBits, out var numBitsOverUnit);
        for (var c = 0; c < row.Length; c++)
        {
            var diff = row[c] - max;
            if (diff < DiffMin)
            {
                result[c] = OutputMin;
                continue;
            }
            var unsaturated = FixedPoint.RoundingDivideByPOT(FixedPoint.SaturatingRoundingDoublingHighMul(shiftedScale, ExpOfDiff(diff)), numBitsOverUnit + 31 - OutputBits);
            result[c] = FixedPoint.Clamp(unchecked(unsaturated + OutputMin), OutputMin, OutputMax);
        }
    }

    /// <summary>
    /// The largest difference to the row maximum an int8 row can have whose exp counts (not below
    /// diff_min): generated kernels look exp up in <see cref="Int8ExpTable"/> for 0..this and treat larger ones as 0.
    /// </summary>
    public int Int8MaxDifference => Math.Min(sbyte.MaxValue - sbyte.MinValue, -DiffMin);

    /// <summary>exp of every difference 0..<see cref="Int8MaxDifference"/> (index k holds exp of -k), for generated int8 kernels.</summary>
    public int[] Int8ExpTable() => Enumerable.Range(0, Int8MaxDifference + 1).Select(k => ExpOfDifference(-k)).ToArray();

    /// <summary>exp(beta * scale * diff) with 0 integer bits, for a difference diff &lt;= 0 to the row maximum.</summary>
    public int ExpOfDifference(int diff) => ExpOfDiff(diff);

    private int ExpOfDiff(int diff) => GemmlowpMath.ExpOnNegativeValues(
        FixedPoint.MultiplyByQuantizedMultiplierGreaterThanOne(diff, InputMultiplier, InputLeftShift), ScaledDiffIntegerBits);
}
