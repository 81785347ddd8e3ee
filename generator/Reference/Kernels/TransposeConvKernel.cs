using EdgeGen.Ir;
using EdgeGen.Ir.Ops;
using EdgeGen.Numerics;
using EdgeGen.Numerics.Params;

namespace EdgeGen.Reference.Kernels;

/// <summary>
/// TRANSPOSE_CONV: TFLite Micro's reference kernels. Every input pixel scatters its products into a
/// zeroed scratch of the output's size (int32 for int8, int64 for 16x8); then, per output element,
/// the bias is added and the sum requantized per channel. The 16x8 kernel uses no zero points and
/// the int64 MultiplyByQuantizedMultiplier; the int8 kernel adds the input offset to every input
/// value and the output zero point after the int32 requantization.
/// </summary>
public sealed class TransposeConvKernel : ReferenceKernel<TransposeConv>
{
    protected override void Run(TransposeConv op, TensorStore s)
    {
        var g = s.Graph;
        var input = g[op.InputId];
        var filter = g[op.FilterId];
        var output = g[op.Output];
        var (batches, inH, inW, cin) = (input.Shape[0], input.Shape[1], input.Shape[2], input.Shape[3]);
        var (outH, outW, cout) = (output.Shape[1], output.Shape[2], output.Shape[3]);
        var (filterH, filterW) = (filter.Shape[1], filter.Shape[2]);
        var (padTop, padLeft) = op.Padding(g);
        var is16 = input.Type == DataType.Int16;
        var rq = ChannelRequantization.For(input, filter, output, cout, op.Activation);
        var inputOffset = is16 ? 0 : rq.InputOffset;
        var x = ConvLoop.Widen(s, op.InputId);
        var f = filter.Int8Data.ToArray();
        var bias = op.HasInput(3) ? ConvLoop.Widen(s, op.Inputs[3]) : null;

        var scratch = new long[output.Shape.ElementCount];
        for (var b = 0; b < batches; b++)
        for (var iy = 0; iy < inH; iy++)
        for (var ix = 0; ix < inW; ix++)
        for (var ic = 0; ic < cin; ic++)
        {
            var value = x[((b * inH + iy) * inW + ix) * cin + ic] + inputOffset;
            for (var ky = 0; ky < filterH; ky++)
            {
                var oy = iy * op.Window.StrideH - padTop + ky;
                if (oy < 0 || oy >= outH) continue;
                for (var kx = 0; kx < filterW; kx++)
                {
                    var ox = ix * op.Window.StrideW - padLeft + kx;
                    if (ox < 0 || ox >= outW) continue;
                    var outBase = ((b * outH + oy) * outW + ox) * cout;
                    for (var oc = 0; oc < cout; oc++)
                        scratch[outBase + oc] += value * f[((oc * filterH + ky) * filterW + kx) * cin + ic];
                }
            }
        }

        for (var i = 0; i < scratch.Length; i++)
        {
            var oc = i % cout;
            var acc = scratch[i] + (bias?[oc] ?? 0);
            var scaled = is16
                ? FixedPoint.MultiplyByQuantizedMultiplier(acc, rq.Multipliers[oc], rq.Shifts[oc])
                : unchecked(FixedPoint.MultiplyByQuantizedMultiplier(unchecked((int)acc), rq.Multipliers[oc], rq.Shifts[oc]) + rq.OutputOffset);
            s.WriteInteger(op.Output, i, FixedPoint.Clamp(scaled, rq.Range.Min, rq.Range.Max));
        }
    }
}
