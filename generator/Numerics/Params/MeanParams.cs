using EdgeGen.Ir;
using EdgeGen.Ir.Ops;

namespace EdgeGen.Numerics.Params;

/// <summary>The three ways TFLite Micro's reference MEAN turns an integer sum into an output value.</summary>
public enum MeanPath
{
    /// <summary>keep_dims, rank 4 and axis exactly [1,2] or [2,1]: requantize the zero-point-free sum, then divide rounding half away from zero.</summary>
    SpatialKeepDims,

    /// <summary>Same scale and zero point in and out: the raw sum divided by the count, truncating toward zero.</summary>
    SameQuantization,

    /// <summary>Otherwise: float mean, scaled by input_scale/output_scale in float, rounded half away from zero.</summary>
    Requantize,
}

/// <summary>
/// TFLite Micro's quantized MEAN (reduce_common.cc, int8 and int16): which path the kernel takes and
/// the parameters it uses. Sums are int32 over the reduced elements of the raw input values.
/// </summary>
public sealed record MeanParams(MeanPath Path, int InputZeroPoint, int OutputZeroPoint, QuantizedMultiplier Multiplier, float Scale, int Min, int Max)
{
    public static MeanParams For(Mean op, Graph g)
    {
        var input = g[op.Inputs[0]];
        var output = g[op.Output];
        var inQ = input.Quant;
        var outQ = output.Quant;
        var (min, max) = output.Type.IntegerRange();
        var path = IsSpatialKeepDims(op, g) ? MeanPath.SpatialKeepDims
            : inQ.ZeroPoint == outQ.ZeroPoint && inQ.Scale == outQ.Scale ? MeanPath.SameQuantization
            : MeanPath.Requantize;
        return new MeanParams(path, inQ.ZeroPoint, outQ.ZeroPoint,
            QuantizedMultiplier.FromDouble((double)inQ.Scale / outQ.Scale), inQ.Scale / outQ.Scale, min, max);
    }

    /// <summary>The kernel's special case looks at the axis operand as written (two entries, 1 and 2 in either order), not at the resolved axes.</summary>
    public static bool IsSpatialKeepDims(Mean op, Graph g)
    {
        var axes = g[op.Inputs[1]].Int32Data;
        return op.KeepDims && g[op.Inputs[0]].Shape.Rank == 4 && axes.Length == 2
            && ((axes[0] == 1 && axes[1] == 2) || (axes[0] == 2 && axes[1] == 1));
    }

    /// <summary>One output value from the int32 sum of <paramref name="count"/> raw input values (count &gt; 0).</summary>
    public int Apply(int sum, int count) => Path switch
    {
        MeanPath.SpatialKeepDims => Spatial(sum, count),
        MeanPath.SameQuantization => sum / count,
        _ => Requantized(sum, count),
    };

    // integer_ops::Mean: sum of (x - zp), requantized by input_scale/output_scale, then divided by the
    // count rounding half away from zero (C division truncates), plus the output zero point.
    private int Spatial(int sum, int count)
    {
        var centered = unchecked(sum - count * InputZeroPoint);
        var acc = FixedPoint.MultiplyByQuantizedMultiplier(centered, Multiplier.Multiplier, Multiplier.Shift);
        acc = acc > 0 ? (acc + count / 2) / count : (acc - count / 2) / count;
        return FixedPoint.Clamp(unchecked(acc + OutputZeroPoint), Min, Max);
    }

    // QuantizedMeanOrSum (mean): everything in float, as the reference computes it.
    private int Requantized(int sum, int count)
    {
        var mean = (float)sum / count;
        var bias = -InputZeroPoint * Scale;
        var result = MathF.Round(mean * Scale + bias, MidpointRounding.AwayFromZero) + OutputZeroPoint;
        return (int)Math.Max(Math.Min(result, (float)Max), (float)Min);
    }
}
