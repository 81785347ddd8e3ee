using EdgeGen.Ir;

namespace EdgeGen.Numerics.Params;

/// <summary>
/// TFLite Micro's quantized LEAKY_RELU: two requantization multipliers, one for x >= zero point
/// (input_scale / output_scale) and one for x below it (input_scale * alpha / output_scale). Both
/// ratios are computed in float from the stored scales and alpha, then widened to double for
/// QuantizeMultiplier, as the kernel's Prepare does.
/// </summary>
public sealed record LeakyReluParams(int InputZeroPoint, int OutputZeroPoint, QuantizedMultiplier Identity, QuantizedMultiplier Alpha, int Min, int Max)
{
    public static LeakyReluParams For(Tensor input, Tensor output, float alpha)
    {
        var inScale = input.Quant.Scale;
        var outScale = output.Quant.Scale;
        var (min, max) = output.Type.IntegerRange();
        return new LeakyReluParams(
            input.Quant.ZeroPoint, output.Quant.ZeroPoint,
            QuantizedMultiplier.FromDouble(inScale / outScale),
            QuantizedMultiplier.FromDouble(inScale * alpha / outScale),
            min, max);
    }

    /// <summary>One element: pick the multiplier by the sign of x - zero point, requantize, clamp to the type.</summary>
    public int Apply(int x)
    {
        var centered = unchecked(x - InputZeroPoint);
        var m = centered >= 0 ? Identity : Alpha;
        var scaled = FixedPoint.MultiplyByQuantizedMultiplier(centered, m.Multiplier, m.Shift);
        return FixedPoint.Clamp(unchecked(OutputZeroPoint + scaled), Min, Max);
    }
}
