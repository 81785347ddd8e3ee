using EdgeGen.Ir;

namespace EdgeGen.Numerics.Params;

/// <summary>
/// TFLite's general quantized ADD/SUB rescaling: both inputs are shifted left (20 bits for int8,
/// 15 for int16), scaled by their share of twice the larger input scale, summed, then scaled to the
/// output. All multipliers are derived in double from the stored float scales (for SUB too: older
/// TFLite Micro divided in float, the tflm-seanet goldens confirm the double form).
/// </summary>
public sealed record AddParams(
    int Input1Offset, int Input2Offset, int OutputOffset, int LeftShift,
    QuantizedMultiplier Input1, QuantizedMultiplier Input2, QuantizedMultiplier Output, ActivationRange Range)
{
    public static AddParams For(Tensor a, Tensor b, Tensor output, Activation activation)
    {
        var leftShift = output.Type == DataType.Int16 ? 15 : 20;
        var twiceMax = 2 * (double)Math.Max(a.Quant.Scale, b.Quant.Scale);
        var outputMultiplier = twiceMax / ((1 << leftShift) * (double)output.Quant.Scale);
        if (outputMultiplier >= 1)
            throw new EdgeGenException($"output '{output.Name}' scale {output.Quant.Scale} is too small for TFLite's ADD rescaling of inputs with scales {a.Quant.Scale} and {b.Quant.Scale}");
        return new AddParams(
            -a.Quant.ZeroPoint, -b.Quant.ZeroPoint, output.Quant.ZeroPoint, leftShift,
            QuantizedMultiplier.FromDouble(a.Quant.Scale / twiceMax),
            QuantizedMultiplier.FromDouble(b.Quant.Scale / twiceMax),
            QuantizedMultiplier.FromDouble(outputMultiplier),
            ActivationRange.For(activation, output));
    }

    /// <summary>One element: the exact TFLite arithmetic; <paramref name="subtract"/> gives SUB.</summary>
    public int Apply(int x1, int x2, bool subtract)
    {
        var s1 = FixedPoint.MultiplyByQuantizedMultiplierSmallerThanOneExp(unchecked((x1 + Input1Offset) * (1 << LeftShift)), Input1.Multiplier, Input1.Shift);
        var s2 = FixedPoint.MultiplyByQuantizedMultiplierSmallerThanOneExp(unchecked((x2 + Input2Offset) * (1 << LeftShift)), Input2.Multiplier, Input2.Shift);
        var raw = unchecked(subtract ? s1 - s2 : s1 + s2);
        var result = unchecked(FixedPoint.MultiplyByQuantizedMultiplierSmallerThanOneExp(raw, Output.Multiplier, Output.Shift) + OutputOffset);
        return FixedPoint.Clamp(result, Range.Min, Range.Max);
    }
}
