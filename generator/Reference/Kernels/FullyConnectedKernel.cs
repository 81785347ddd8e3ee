using EdgeGen.Ir;
using EdgeGen.Ir.Ops;
using EdgeGen.Numerics;
using EdgeGen.Numerics.Params;

namespace EdgeGen.Reference.Kernels;

/// <summary>FULLY_CONNECTED: TFLite's reference kernel (per-tensor or per-channel filter scales), int8, int16x8 and float.</summary>
public sealed class FullyConnectedKernel : ReferenceKernel<FullyConnected>
{
    protected override void Run(FullyConnected op, TensorStore s)
    {
        var g = s.Graph;
        var input = g[op.Inputs[0]];
        var filter = g[op.Inputs[1]];
        var output = g[op.Output];
        var units = filter.Shape[0];
        var depth = filter.Shape[1];
        var batches = op.Batches(g);

        if (input.Type == DataType.Float32)
        {
            var xf = s.Float32(op.Inputs[0]).ToArray();
            var wf = filter.Float32Data.ToArray();
            var bf = op.HasInput(2) ? g[op.Inputs[2]].Float32Data.ToArray() : null;
            var (lo, hi) = ActivationRange.ForFloat(op.Activation);
            var yf = s.Float32(op.Output);
            for (var b = 0; b < batches; b++)
            for (var u = 0; u < units; u++)
            {
                var acc = 0f;
                for (var d = 0; d < depth; d++) acc += xf[b * depth + d] * wf[u * depth + d];
                if (bf is not null) acc += bf[u];
                yf[b * units + u] = Math.Clamp(acc, lo, hi);
            }
            return;
        }

        var rq = ChannelRequantization.For(input, filter, output, units, op.Activation);
        var x = ConvLoop.Widen(s, op.Inputs[0]);
        var w = filter.Int8Data.ToArray();
        var bias = op.HasInput(2) ? ConvLoop.Widen(s, op.Inputs[2]) : null;
        var filterOffset = -filter.Quant.ZeroPoint;
        var is16 = input.Type == DataType.Int16;
        for (var b = 0; b < batches; b++)
        for (var u = 0; u < units; u++)
        {
            long acc = 0;
            for (var d = 0; d < depth; d++)
                acc += (w[u * depth + d] + filterOffset) * (x[b * depth + d] + rq.InputOffset);
            if (bias is not null) acc += bias[u];
            var scaled = is16
                ? FixedPoint.MultiplyByQuantizedMultiplier(acc, rq.Multipliers[u], rq.Shifts[u])
                : FixedPoint.MultiplyByQuantizedMultiplier(unchecked((int)acc), rq.Multipliers[u], rq.Shifts[u]);
            s.WriteInteger(op.Output, b * units + u, FixedPoint.Clamp(unchecked(scaled + rq.OutputOffset), rq.Range.Min, rq.Range.Max));
        }
    }
}
