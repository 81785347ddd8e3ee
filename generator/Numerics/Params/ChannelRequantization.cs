using EdgeGen.Ir;

namespace EdgeGen.Numerics.Params;

/// <summary>
/// Per-output-channel requantization of a convolution-like operator (CONV_2D, DEPTHWISE_CONV_2D,
/// FULLY_CONNECTED, TRANSPOSE_CONV): effective scale = input_scale * filter_scale[c] / output_scale,
/// in double from the stored float32 scales, as TFLite computes it. A per-tensor filter gives the
/// same multiplier for every channel.
/// </summary>
public sealed record ChannelRequantization(int[] Multipliers, int[] Shifts, int InputOffset, int OutputOffset, ActivationRange Range)
{
    public static ChannelRequantization For(Tensor input, Tensor filter, Tensor output, int channels, Activation activation)
    {
        var multipliers = new int[channels];
        var shifts = new int[channels];
        var inputScale = (double)input.Quant.Scale;
        var outputScale = (double)output.Quant.Scale;
        for (var c = 0; c < channels; c++)
        {
            var effective = inputScale * filter.Quant.ScaleAt(c) / outputScale;
            var q = QuantizedMultiplier.FromDouble(effective);
            multipliers[c] = q.Multiplier;
            shifts[c] = q.Shift;
        }
        return new ChannelRequantization(multipliers, shifts, -input.Quant.ZeroPoint, output.Quant.ZeroPoint, ActivationRange.For(activation, output));
    }

    public bool IsUniform => Multipliers.All(m => m == Multipliers[0]) && Shifts.All(s => s == Shifts[0]);
}
