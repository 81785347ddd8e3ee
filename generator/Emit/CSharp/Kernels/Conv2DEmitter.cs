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
        var code = data.Definitions + data.Method($"{type}* input, {type}* output", body);
        return new CSharpKernel(code, ctx.Call(op.Inputs[0], op.Output), simd ? "simd-dot" : "generic");
    }
}
