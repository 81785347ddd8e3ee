using EdgeGen.Ir;

namespace EdgeGen.Numerics.Params;

/// <summary>
/// QUANTIZE from an integer tensor: (q - input_zero_point) scaled by the multiplier of
/// input_scale / output_scale (in double from the stored float scales), plus the output zero point.
/// </summary>
public sealed record RequantizeParams(int InputZeroPoint, QuantizedMultiplier Multiplier, int OutputZeroPoint)
{
    public static RequantizeParams For(Tensor input, Tensor output) => new(
        input.Quant.ZeroPoint,
        QuantizedMultiplier.FromDouble((double)input.Quant.Scale / output.Quant.Scale),
        output.Quant.ZeroPoint);
}
