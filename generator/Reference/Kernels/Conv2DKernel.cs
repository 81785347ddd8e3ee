using EdgeGen.Ir;
using EdgeGen.Ir.Ops;
using EdgeGen.Numerics;
using EdgeGen.Numerics.Params;

namespace EdgeGen.Reference.Kernels;

/// <summary>CONV_2D: TFLite's reference per-channel kernels (int8 with int32 accumulators, int16x8 with int64) and float.</summary>
public sealed class Conv2DKernel : ReferenceKernel<Conv2D>
{
    protected override void Run(Conv2D op, TensorStore s)
    {
        var g = s.Graph;
        var input = g[op.Inputs[0]];
        var filter = g[op.Inputs[1]];
        var output = g[op.Output];
        var geo = ConvLoop.For(input.Shape, filter.Shape[1], filter.Shape[2], output.Shape, op.Window);
        var cin = input.Shape[3];
        var cout = output.Shape[3];
        var f = filter.Type == DataType.Float32 ? null : filter.Int8Data.ToArray();

        if (input.Type == DataType.Float32)
        {
            RunFloat(op, s, geo, cin, cout);
            return;
        }

        var rq = ChannelRequantization.For(input, filter, output, cout, op.Activation);
        var x = ConvLoop.Widen(s, op.Inputs[0]);
        var bias = op.HasInput(2) ? ConvLoop.Widen(s, op.Inputs[2]) : null;
        var is16 = input.Type == DataType.Int16;
        // The 16x8 kernel has no zero points (Validate guarantees they are 0); int8 uses both.
        var inputOffset = is16 ? 0 : rq.InputOffset;
        var outputOffset = is16 ? 0 : rq.OutputOffset;
        foreach (var (b, oy, ox, inY0, inX0) in geo.OutputPixels())
        {
            for (var oc = 0; oc < cout; oc++)
            {
                long acc = 0;
                for (var ky = 0; ky < geo.FilterH; ky++)
                {
                    var iy = inY0 + ky * geo.DilationH;
                    if (iy < 0 || iy >= geo.InH) continue;
                    for (var kx = 0; kx < geo.FilterW; kx++)
                    {
                        var ix = inX0 + kx * geo.DilationW;
                        if (ix < 0 || ix >= geo.InW) continue;
                        var xBase = ((b * geo.InH + iy) * geo.InW + ix) * cin;
                        var fBase = ((oc * geo.FilterH + ky) * geo.FilterW + kx) * cin;
                        for (var ic = 0; ic < cin; ic++)
                            acc += f![fBase + ic] * (x[xBase + ic] + inputOffset);
                    }
                }
                if (bias is not null) acc += bias[oc];
                var scaled = is16
                    ? FixedPoint.MultiplyByQuantizedMultiplier(acc, rq.Multipliers[oc], rq.Shifts[oc])
                    : FixedPoint.MultiplyByQuantizedMultiplier(unchecked((int)acc), rq.Multipliers[oc], rq.Shifts[oc]);
                var value = FixedPoint.Clamp(unchecked(scaled + outputOffset), rq.Range.Min, rq.Range.Max);
                s.WriteInteger(op.Output, ((b * geo.OutH + oy) * geo.OutW + ox) * cout + oc, value);
            }
        }
    }

    private static void RunFloat(Conv2D op, TensorStore s, ConvLoop geo, int cin, int cout)
    {
        var x = s.Float32(op.Inputs[0]).ToArray();
        var f = s.Graph[op.Inputs[1]].Float32Data.ToArray();
        var bias = op.HasInput(2) ? s.Graph[op.Inputs[2]].Float32Data.ToArray() : null;
        var (lo, hi) = ActivationRange.ForFloat(op.Activation);
        var y = s.Float32(op.Output);
        foreach (var (b, oy, ox, inY0, inX0) in geo.OutputPixels())
        {
            for (var oc = 0; oc < cout; oc++)
            {
                var acc = 0f;
                for (var ky = 0; ky < geo.FilterH; ky++)
                {
                    var iy = inY0 + ky * geo.DilationH;
                    if (iy < 0 || iy >= geo.InH) continue;
                    for (var kx = 0; kx < geo.FilterW; kx++)
                    {
                        var ix = inX0 + kx * geo.DilationW;
                        if (ix < 0 || ix >= geo.InW) continue;
                        var xBase = ((b * geo.InH + iy) * geo.InW + ix) * cin;
                        var fBase = ((oc * geo.FilterH + ky) * geo.FilterW + kx) * cin;
                        for (var ic = 0; ic < cin; ic++) acc += x[xBase + ic] * f[fBase + ic];
                    }
                }
                if (bias is not null) acc += bias[oc];
                y[((b * geo.OutH + oy) * geo.OutW + ox) * cout + oc] = Math.Clamp(acc, lo, hi);
            }
        }
    }
}
