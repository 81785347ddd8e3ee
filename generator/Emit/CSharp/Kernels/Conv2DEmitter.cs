using EdgeGen.Ir;
using EdgeGen.Ir.Ops;
using EdgeGen.Numerics.Params;
using EdgeGen.Reference.Kernels;

namespace EdgeGen.Emit.CSharp.Kernels;

/// <summary>
/// CONV_2D: every loop bound, stride, padding and quantization constant is a literal. int8 inputs
/// take the SIMD dot product over the input channels of each filter tap; int16x8 a scalar loop
/// with a 64-bit accumulator.
/// </summary>
public sealed class Conv2DEmitter : CSharpKernelEmitter<Conv2D>
{
    protected override CSharpKernel Emit(CSharpKernelContext ctx, Conv2D op)
    {
        var input = ctx.InputTensor(0);
        var filter = ctx.InputTensor(1);
        var output = ctx.OutputTensor;
        if (input.Type == DataType.Float32) throw new EdgeGenException($"operator #{ctx.Index} CONV_2D: float tensors are not supported by the C# generator");
        var geo = ConvLoop.For(input.Shape, filter.Shape[1], filter.Shape[2], output.Shape, op.Window);
        var cin = input.Shape[3];
        var cout = output.Shape[3];
        var rq = ChannelRequantization.For(input, filter, output, cout, op.Activation);
        var data = new ConvData(ctx, filter, input.Type, rq, 2, "oc");
        var type = CSharpFormat.TypeOf(input.Type);
        var simd = input.Type == DataType.Int8;
        var tap = simd
            ? $"acc += Dot.Int8(x, w, {cin}, {rq.InputOffset});"
            : $"for (int ic = 0; ic < {cin}; ++ic) acc += ({data.Accumulator})(x[ic] + {rq.InputOffset}) * w[ic];";
        var body = $$"""
            for (int b = 0; b < {{geo.Batches}}; ++b)
            {
                {{type}}* inb = input + b * {{geo.InH * geo.InW * cin}};
                for (int oy = 0; oy < {{geo.OutH}}; ++oy)
                {
                    int iy0 = oy * {{geo.StrideH}} - {{geo.PadTop}};
                    for (int ox = 0; ox < {{geo.OutW}}; ++ox)
                    {
                        int ix0 = ox * {{geo.StrideW}} - {{geo.PadLeft}};
                        sbyte* w = weights;
                        for (int oc = 0; oc < {{cout}}; ++oc)
                        {
                            {{data.Accumulator}} acc = {{data.Bias}};
                            for (int ky = 0; ky < {{geo.FilterH}}; ++ky)
                            {
                                int iy = iy0 + ky * {{geo.DilationH}};
                                for (int kx = 0; kx < {{geo.FilterW}}; ++kx, w += {{cin}})
                                {
                                    int ix = ix0 + kx * {{geo.DilationW}};
                                    if ((uint)iy >= {{geo.InH}} || (uint)ix >= {{geo.InW}}) continue;
                                    {{type}}* x = inb + (iy * {{geo.InW}} + ix) * {{cin}};
                                    {{tap}}
                                }
                            }
                            *output++ = ({{type}})FixedPoint.Clamp({{data.Requantize}}(acc, {{data.Multiplier}}, {{data.Shift}}) + {{rq.OutputOffset}}, {{rq.Range.Min}}, {{rq.Range.Max}});
                        }
                    }
                }
            }
            """;
        var variant = simd ? "simd-dot" : "generic";
        if (simd && geo.FilterH == 1 && geo.FilterW == 1 && geo.StrideH == 1 && geo.StrideW == 1 && geo.PadTop == 0 && geo.PadLeft == 0)
            (body, variant) = (Pointwise(geo, cin, cout, rq, data), "simd-dot-1x1");
        else if (simd && geo.DilationW == 1 && geo.FilterW > 1)
            (body, variant) = (Rows(geo, cin, cout, rq, data), "simd-dot-rows");
        var code = data.Definitions + data.Method($"{type}* input, {type}* output", body);
        return new CSharpKernel(code, ctx.Call(op.Inputs[0], op.Output), variant);
    }

    /// <summary>1x1, stride 1, no padding (pointwise): every pixel's channels are one dot product per output channel.</summary>
    private static string Pointwise(ConvLoop geo, int cin, int cout, ChannelRequantization rq, ConvData data) => $$"""
        for (int p = 0; p < {{geo.Batches * geo.OutH * geo.OutW}}; ++p)
        {
            sbyte* x = input + p * {{cin}};
            sbyte* w = weights;
            for (int oc = 0; oc < {{cout}}; ++oc, w += {{cin}})
            {
                int acc = {{data.Bias}} + Dot.Int8(x, w, {{cin}}, {{rq.InputOffset}});
                *output++ = (sbyte)FixedPoint.Clamp({{data.Requantize}}(acc, {{data.Multiplier}}, {{data.Shift}}) + {{rq.OutputOffset}}, {{rq.Range.Min}}, {{rq.Range.Max}});
            }
        }
        """;

    /// <summary>
    /// Dilation 1 across: a filter row whose taps all lie inside the input reads FW * Cin contiguous
    /// bytes of input and of weights, so it is one dot product; rows at the left and right edges go tap by tap.
    /// </summary>
    private static string Rows(ConvLoop geo, int cin, int cout, ChannelRequantization rq, ConvData data) => $$"""
        for (int b = 0; b < {{geo.Batches}}; ++b)
        {
            sbyte* inb = input + b * {{geo.InH * geo.InW * cin}};
            for (int oy = 0; oy < {{geo.OutH}}; ++oy)
            {
                int iy0 = oy * {{geo.StrideH}} - {{geo.PadTop}};
                for (int ox = 0; ox < {{geo.OutW}}; ++ox)
                {
                    int ix0 = ox * {{geo.StrideW}} - {{geo.PadLeft}};
                    bool inside = ix0 >= 0 && ix0 + {{geo.FilterW}} <= {{geo.InW}};
                    sbyte* w = weights;
                    for (int oc = 0; oc < {{cout}}; ++oc)
                    {
                        int acc = {{data.Bias}};
                        for (int ky = 0; ky < {{geo.FilterH}}; ++ky, w += {{geo.FilterW * cin}})
                        {
                            int iy = iy0 + ky * {{geo.DilationH}};
                            if ((uint)iy >= {{geo.InH}}) continue;
                            sbyte* row = inb + (iy * {{geo.InW}} + ix0) * {{cin}};
                            if (inside)
                            {
                                acc += Dot.Int8(row, w, {{geo.FilterW * cin}}, {{rq.InputOffset}});
                                continue;
                            }
                            for (int kx = 0; kx < {{geo.FilterW}}; ++kx)
                                if ((uint)(ix0 + kx) < {{geo.InW}}) acc += Dot.Int8(row + kx * {{cin}}, w + kx * {{cin}}, {{cin}}, {{rq.InputOffset}});
                        }
                        *output++ = (sbyte)FixedPoint.Clamp({{data.Requantize}}(acc, {{data.Multiplier}}, {{data.Shift}}) + {{rq.OutputOffset}}, {{rq.Range.Min}}, {{rq.Range.Max}});
                    }
                }
            }
        }
        """;
}
