using EdgeGen.Ir;
using EdgeGen.Ir.Ops;
using EdgeGen.Numerics;
using EdgeGen.Numerics.Params;

namespace EdgeGen.Reference.Kernels;

/// <summary>
/// QUANTIZE: float input is rounded as zero_point + round(x / scale) in float (TFLite's
/// AffineQuantize); integer input is requantized with the multiplier of input_scale / output_scale.
/// </summary>
public sealed class QuantizeKernel : ReferenceKernel<Quantize>
{
    protected override void Run(Quantize op, TensorStore s)
    {
        var g = s.Graph;
        var input = g[op.Inputs[0]];
        var output = g[op.Output];
        var (min, max) = output.Type.IntegerRange();
        var zp = output.Quant.ZeroPoint;
        var n = input.Shape.ElementCount;
        if (input.Type == DataType.Float32)
        {
            var scale = output.Quant.Scale;
            var x = s.Float32(input.Id);
            for (var i = 0; i < n; i++)
            {
                var q = (long)MathF.Round(x[i] / scale, MidpointRounding.AwayFromZero) + zp;
                s.WriteInteger(output.Id, i, Math.Clamp(q, min, max));
            }
            return;
        }
        var p = RequantizeParams.For(input, output);
        var (m, inZp) = (p.Multiplier, p.InputZeroPoint);
        for (var i = 0; i < n; i++)
        {
            var v = FixedPoint.MultiplyByQuantizedMultiplier(unchecked((int)s.ReadInteger(input.Id, i) - inZp), m.Multiplier, m.Shift);
            s.WriteInteger(output.Id, i, Math.Clamp((long)v + zp, min, max));
        }
    }
}

/// <summary>DEQUANTIZE: float(scale * (q - zero_point)) with the scale widened to double, as TFLite does.</summary>
public sealed class DequantizeKernel : ReferenceKernel<Dequantize>
{
    protected override void Run(Dequantize op, TensorStore s)
    {
        var input = s.Graph[op.Inputs[0]];
        var scale = (double)input.Quant.Scale;
        var zp = input.Quant.ZeroPoint;
        var y = s.Float32(op.Output);
        for (var i = 0; i < y.Length; i++) y[i] = (float)(scale * (s.ReadInteger(input.Id, i) - zp));
    }
}
