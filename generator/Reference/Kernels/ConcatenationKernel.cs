using EdgeGen.Ir;
using EdgeGen.Ir.Ops;

namespace EdgeGen.Reference.Kernels;

/// <summary>
/// CONCATENATION: inputs with the output's scale and zero point are copied; others are requantized
/// as TFLite's ConcatenationWithScaling does (round(q * s_in/s_out + bias) in float).
/// </summary>
public sealed class ConcatenationKernel : ReferenceKernel<Concatenation>
{
    protected override void Run(Concatenation op, TensorStore s)
    {
        var g = s.Graph;
        var output = g[op.Output];
        var axis = op.NormalizedAxis(g);
        var outer = 1;
        for (var d = 0; d < axis; d++) outer *= output.Shape[d];
        var inner = 1;
        for (var d = axis + 1; d < output.Shape.Rank; d++) inner *= output.Shape[d];
        var quantized = output.Type is DataType.Int8 or DataType.Int16;
        var (min, max) = quantized ? output.Type.IntegerRange() : (0, 0);
        var outRow = output.Shape[axis] * inner;
        var offset = 0;
        foreach (var id in op.Inputs)
        {
            var t = g[id];
            var chunk = t.Shape[axis] * inner;
            var same = !quantized || (t.Quant.Scale == output.Quant.Scale && t.Quant.ZeroPoint == output.Quant.ZeroPoint);
            var scale = quantized ? t.Quant.Scale * (1f / output.Quant.Scale) : 0f;
            var bias = quantized ? -t.Quant.ZeroPoint * scale : 0f;
            for (var o = 0; o < outer; o++)
            for (var i = 0; i < chunk; i++)
            {
                var dst = o * outRow + offset + i;
                var src = o * chunk + i;
                if (t.Type == DataType.Float32) s.Float32(output.Id)[dst] = s.Float32(id)[src];
                else if (same) s.WriteInteger(output.Id, dst, s.ReadInteger(id, src));
                else
                {
                    var v = (long)MathF.Round(s.ReadInteger(id, src) * scale + bias, MidpointRounding.AwayFromZero) + output.Quant.ZeroPoint;
                    s.WriteInteger(output.Id, dst, Math.Clamp(v, min, max));
                }
            }
            offset += chunk;
        }
    }
}
