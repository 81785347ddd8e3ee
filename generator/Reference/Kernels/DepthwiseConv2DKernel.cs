using EdgeGen.Ir;
using EdgeGen.Ir.Ops;
using EdgeGen.Numerics;
using EdgeGen.Numerics.Params;

namespace EdgeGen.Reference.Kernels;

/// <summary>DEPTHWISE_CONV_2D: TFLite's reference per-channel kernel; output channel ic*M+m reads input channel ic.</summary>
public sealed class DepthwiseConv2DKernel : ReferenceKernel<DepthwiseConv2D>
{
    protected override void Run(DepthwiseConv2D op, TensorStore s)
    {
        var g = s.Graph;
        var input = g[op.Inputs[0]];
        var filter = g[op.Inputs[1]];
        var output = g[op.Output];
        var geo = ConvLoop.For(input.Shape, filter.Shape[1], filter.Shape[2], output.Shape, op.Window);
        var cin = input.Shape[3];
        var cout = output.Shape[3];
        var m = op.Multiplier(g);
        var isFloat = input.Type == DataType.Float32;
        var xf = isFloat ? s.Float32(op.Inputs[0]).ToArray() : null;
        var ff = isFloat ? filter.Float32Data.ToArray() : null;
        var x = isFloat ? null : ConvLoop.Widen(s, op.Inputs[0]);
        var f = isFloat ? null : filter.Int8Data.ToArray();
        var rq = isFloat ? null : ChannelRequantization.For(input, filter, output, cout, op.Activation);
        var bias = op.HasInput(2) && !isFloat ? ConvLoop.Widen(s, op.Inputs[2]) : null;
        var biasF = op.HasInput(2) && isFloat ? g[op.Inputs[2]].Float32Data.ToArray() : null;
        var is16 = input.Type == DataType.Int16;

        foreach (var (b, oy, ox, inY0, inX0) in geo.OutputPixels())
        {
            for (var ic = 0; ic < cin; ic++)
            for (var mi = 0; mi < m; mi++)
            {
                var oc = ic * m + mi;
                long acc = 0;
                var accF = 0f;
                for (var ky = 0; ky < geo.FilterH; ky++)
                {
                    var iy = inY0 + ky * geo.DilationH;
                    if (iy < 0 || iy >= geo.InH) continue;
                    for (var kx = 0; kx < geo.FilterW; kx++)
                    {
                        var ix = inX0 + kx * geo.DilationW;
                        if (ix < 0 || ix >= geo.InW) continue;
                        var xi = ((b * geo.InH + iy) * geo.InW + ix) * cin + ic;
                        var fi = (ky * geo.FilterW + kx) * cout + oc;
                        if (isFloat) accF += xf![xi] * ff![fi];
                        else acc += f![fi] * (x![xi] + rq!.InputOffset);
                    }
                }
                var oi = ((b * geo.OutH + oy) * geo.OutW + ox) * cout + oc;
                if (isFloat)
                {
                    if (biasF is not null) accF += biasF[oc];
                    var (lo, hi) = ActivationRange.ForFloat(op.Activation);
                    s.Float32(op.Output)[oi] = Math.Clamp(accF, lo, hi);
                    continue;
                }
                if (bias is not null) acc += bias[oc];
                var scaled = is16
                    ? FixedPoint.MultiplyByQuantizedMultiplier(acc, rq!.Multipliers[oc], rq.Shifts[oc])
                    : FixedPoint.MultiplyByQuantizedMultiplier(unchecked((int)acc), rq!.Multipliers[oc], rq.Shifts[oc]);
                s.WriteInteger(op.Output, oi, FixedPoint.Clamp(unchecked(scaled + rq.OutputOffset), rq.Range.Min, rq.Range.Max));
            }
        }
    }
}
