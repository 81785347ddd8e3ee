using EdgeGen.Ir;

namespace EdgeGen.Numerics.Params;

/// <summary>
/// The per-channel constants of the fast convolution-like kernels: the bias with input_offset × Σw folded in
/// (bias + Σ (x + offset) w = (bias + offset Σw) + Σ x w, exact in int32 arithmetic), so kernels multiply the raw
/// int8 inputs and pad with the input zero point (x = zero point makes x + offset = 0, as a skipped tap), and a
/// <see cref="FastRequantizer"/> per channel. Null when some channel's accumulator is not proven small enough,
/// or the filter has a zero point (its Σx term would be needed at run time).
/// </summary>
public sealed record FoldedRequantization(int[] Bias, FastRequantizer[] Requantizers, ActivationRange Range, int InputZeroPoint)
{
    public int Channels => Bias.Length;

    /// <param name="weights">The weights of output channel c (any order).</param>
    public static FoldedRequantization? TryCreate(Tensor input, Tensor filter, Tensor? bias, Tensor output, Activation activation, int channels, Func<int, IEnumerable<sbyte>> weights)
    {
        if (input.Type != DataType.Int8 || output.Type != DataType.Int8 || filter.Type != DataType.Int8) return null;
        if (filter.Quant.ZeroPoints.Any(z => z != 0)) return null;
        var rq = ChannelRequantization.For(input, filter, output, channels, activation);
        var folded = new int[channels];
        var requantizers = new FastRequantizer[channels];
        for (var c = 0; c < channels; c++)
        {
            var w = weights(c).ToArray();
            long b = bias is null ? 0 : bias.Int32Data[c];
            if (w.All(v => v == 0))
            {
                // A dead channel: its output is a constant, known now (TFLite still computes it from the bias).
                var value = FixedPoint.Clamp(unchecked(FixedPoint.MultiplyByQuantizedMultiplier((int)b, rq.Multipliers[c], rq.Shifts[c]) + rq.OutputOffset), rq.Range.Min, rq.Range.Max);
                requantizers[c] = FastRequantizer.Constant(value);
                continue;
            }
            var fast = FastRequantizer.TryCreate(rq.Multipliers[c], rq.Shifts[c], FastRequantizer.AccumulatorBound(w, b, rq.InputOffset), rq.OutputOffset, rq.Range);
            if (fast is null) return null;
            folded[c] = unchecked((int)(b + (long)rq.InputOffset * w.Sum(v => (long)v)));
            requantizers[c] = fast;
        }
        return new FoldedRequantization(folded, requantizers, rq.Range, input.Quant.ZeroPoint);
    }

    /// <summary>True when every channel shares multiplier, addend and shifts (per-tensor quantization): kernels use literals.</summary>
    public bool IsUniform => Requantizers.All(r => r == Requantizers[0]);

    /// <summary>A requantizer of a live channel (constant channels fit any form): the literals of uniform kernels.</summary>
    public FastRequantizer Form => Requantizers.FirstOrDefault(r => !r.IsConstant) ?? Requantizers[0];
}
