using EdgeGen.Ir;
using EdgeGen.Ir.Ops;
using EdgeGen.Numerics.Params;
using EdgeGen.Reference.Kernels;

namespace EdgeGen.Emit.CSharp.Kernels;

/// <summary>DEPTHWISE_CONV_2D with all geometry and quantization as literals; output channel ic*M+m reads input channel ic.</summary>
public sealed class DepthwiseConv2DEmitter : CSharpKernelEmitter<DepthwiseConv2D>
{
    protected override CSharpKernel Emit(CSharpKernelContext ctx, DepthwiseConv2D op)
    {
        var input = ctx.InputTensor(0);
        var filter = ctx.InputTensor(1);
        var output = ctx.OutputTensor;
        if (input.Type == DataType.Float32) throw new EdgeGenException($"operator #{ctx.Index} DEPTHWISE_CONV_2D: float tensors are not supported by the C# generator");
        var geo = ConvLoop.For(input.Shape, filter.Shape[1], filter.Shape[2], output.Shape, op.Window);
        var cin = input.Shape[3];
        var cout = output.Shape[3];
        var m = op.Multiplier(ctx.Graph);
        var rq = ChannelRequantization.For(input, filter, output, cout, op.Activation);
        var data = new ConvData(ctx, filter, input.Type, rq, 2, "oc");
        var type = CSharpFormat.TypeOf(input.Type);
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
                        for (int ic = 0; ic < {{cin}}; ++ic)
                        {
                            for (int mi = 0; mi < {{m}}; ++mi)
                            {
                                int oc = ic * {{m}} + mi;
                                {{data.Accumulator}} acc = {{data.Bias}};
                                for (int ky = 0; ky < {{geo.FilterH}}; ++ky)
                                {
                                    int iy = iy0 + ky * {{geo.DilationH}};
                                    if ((uint)iy >= {{geo.InH}}) continue;
                                    for (int kx = 0; kx < {{geo.FilterW}}; ++kx)
                                    {
                                        int ix = ix0 + kx * {{geo.DilationW}};
                                        if ((uint)ix >= {{geo.InW}}) continue;
                                        acc += ({{data.Accumulator}})(inb[(iy * {{geo.InW}} + ix) * {{cin}} + ic] + {{rq.InputOffset}}) * weights[(ky * {{geo.FilterW}} + kx) * {{cout}} + oc];
                                    }
                                }
                                *output++ = ({{type}})FixedPoint.Clamp({{data.Requantize}}(acc, {{data.Multiplier}}, {{data.Shift}}) + {{rq.OutputOffset}}, {{rq.Range.Min}}, {{rq.Range.Max}});
                            }
                        }
                    }
                }
            }
            """;
        var code = data.Definitions + data.Method($"{type}* input, {type}* output", body);
        return new CSharpKernel(code, ctx.Call(op.Inputs[0], op.Output), "generic");
    }
}
