using EdgeGen.Emit.C.Kernels.Neon;
using EdgeGen.Ir;
using EdgeGen.Ir.Ops;
using EdgeGen.Numerics.Params;
using EdgeGen.Reference.Kernels;
using EdgeGen.Targets;

namespace EdgeGen.Emit.C.Kernels;

/// <summary>CONV_2D, portable C: every loop bound, stride, padding and quantization constant is a literal.</summary>
public sealed class Conv2DEmitter : CKernelEmitter<Conv2D>
{
    public override int ScratchBytes(Graph graph, Conv2D op, TargetSpec target) =>
        NeonConv2D.Supports(graph, op, target) ? NeonConv2D.ScratchBytes(graph, op, target) : 0;

    protected override CKernel Emit(CKernelContext ctx, Conv2D op)
    {
        if (NeonConv2D.Supports(ctx.Graph, op, ctx.Target)) return NeonConv2D.Emit(ctx, op);
        var input = ctx.InputTensor(0);
        var filter = ctx.InputTensor(1);
        var output = ctx.OutputTensor;
        var geo = ConvLoop.For(input.Shape, filter.Shape[1], filter.Shape[2], output.Shape, op.Window);
        var cin = input.Shape[3];
        var cout = output.Shape[3];
        var rq = ChannelRequantization.For(input, filter, output, cout, op.Activation);
        var (rqDefs, mult, shift) = ConvConstants.Requantization(ctx, rq, "oc");
        var (biasDefs, bias) = ConvConstants.Bias(ctx, 2, "oc");
        var (acc, requantize) = ConvConstants.Accumulator(input.Type);
        var weights = ctx.Symbol("weights");
        var inType = CFormat.TypeOf(input.Type);
        var offset = rq.InputOffset == 0 ? "" : $" + {rq.InputOffset}";
        var code = $$"""
            {{ConvConstants.Weights(ctx, filter, weights)}}{{biasDefs}}{{rqDefs}}
            static void {{ctx.FunctionName}}(const {{inType}} *{{ctx.Restrict}}input, {{inType}} *{{ctx.Restrict}}output)
            {
                int b, oy, ox, oc, ky, kx, ic;
                for (b = 0; b < {{geo.Batches}}; ++b) {
                    const {{inType}} *in = input + b * {{geo.InH * geo.InW * cin}};
                    for (oy = 0; oy < {{geo.OutH}}; ++oy) {
                        const int iy0 = oy * {{geo.StrideH}} - {{geo.PadTop}};
                        for (ox = 0; ox < {{geo.OutW}}; ++ox) {
                            const int ix0 = ox * {{geo.StrideW}} - {{geo.PadLeft}};
                            const int8_t *w = {{weights}};
                            for (oc = 0; oc < {{cout}}; ++oc) {
                                {{acc}} acc = {{bias}};
                                for (ky = 0; ky < {{geo.FilterH}}; ++ky) {
                                    const int iy = iy0 + ky * {{geo.DilationH}};
                                    for (kx = 0; kx < {{geo.FilterW}}; ++kx, w += {{cin}}) {
                                        const int ix = ix0 + kx * {{geo.DilationW}};
                                        const {{inType}} *x;
                                        if (iy < 0 || iy >= {{geo.InH}} || ix < 0 || ix >= {{geo.InW}}) continue;
                                        x = in + (iy * {{geo.InW}} + ix) * {{cin}};
                                        for (ic = 0; ic < {{cin}}; ++ic) acc += ({{acc}})(x[ic]{{offset}}) * w[ic];
                                    }
                                }
                                {
                                    const int32_t v = {{requantize}}(acc, {{mult}}, {{shift}}) + {{rq.OutputOffset}};
                                    *output++ = ({{inType}})eg_clamp(v, {{rq.Range.Min}}, {{rq.Range.Max}});
                                }
                            }
                        }
                    }
                }
            }

            """;
        return new CKernel(code, $"{ctx.FunctionName}({ctx.Pointer(op.Inputs[0])}, {ctx.Pointer(op.Output)});", "generic");
    }
}
