using EdgeGen.Emit.C.Kernels.Neon;
using EdgeGen.Ir;
using EdgeGen.Ir.Ops;
using EdgeGen.Numerics.Params;
using EdgeGen.Reference.Kernels;
using EdgeGen.Targets;

namespace EdgeGen.Emit.C.Kernels;

/// <summary>DEPTHWISE_CONV_2D, portable C with all geometry and quantization as literals.</summary>
public sealed class DepthwiseConv2DEmitter : CKernelEmitter<DepthwiseConv2D>
{
    public override int ScratchBytes(Graph graph, DepthwiseConv2D op, TargetSpec target) =>
        NeonDepthwiseConv2D.Supports(graph, op, target) ? NeonDepthwiseConv2D.ScratchBytes(graph, op, target) : 0;

    protected override CKernel Emit(CKernelContext ctx, DepthwiseConv2D op)
    {
        if (NeonDepthwiseConv2D.Supports(ctx.Graph, op, ctx.Target)) return NeonDepthwiseConv2D.Emit(ctx, op);
        var input = ctx.InputTensor(0);
        var filter = ctx.InputTensor(1);
        var output = ctx.OutputTensor;
        var geo = ConvLoop.For(input.Shape, filter.Shape[1], filter.Shape[2], output.Shape, op.Window);
        var cin = input.Shape[3];
        var cout = output.Shape[3];
        var m = op.Multiplier(ctx.Graph);
        var rq = ChannelRequantization.For(input, filter, output, cout, op.Activation);
        var (rqDefs, mult, shift) = ConvConstants.Requantization(ctx, rq, "oc");
        var (biasDefs, bias) = ConvConstants.Bias(ctx, 2, "oc");
        var (acc, requantize) = ConvConstants.Accumulator(input.Type);
        var weights = ctx.Symbol("weights");
        var type = CFormat.TypeOf(input.Type);
        var offset = rq.InputOffset == 0 ? "" : $" + {rq.InputOffset}";
        var code = $$"""
            {{ConvConstants.Weights(ctx, filter, weights)}}{{biasDefs}}{{rqDefs}}
            static void {{ctx.FunctionName}}(const {{type}} *{{ctx.Restrict}}input, {{type}} *{{ctx.Restrict}}output)
            {
                int b, oy, ox, ic, mi, ky, kx;
                for (b = 0; b < {{geo.Batches}}; ++b) {
                    const {{type}} *in = input + b * {{geo.InH * geo.InW * cin}};
                    for (oy = 0; oy < {{geo.OutH}}; ++oy) {
                        const int iy0 = oy * {{geo.StrideH}} - {{geo.PadTop}};
                        for (ox = 0; ox < {{geo.OutW}}; ++ox) {
                            const int ix0 = ox * {{geo.StrideW}} - {{geo.PadLeft}};
                            for (ic = 0; ic < {{cin}}; ++ic) {
                                for (mi = 0; mi < {{m}}; ++mi) {
                                    const int oc = ic * {{m}} + mi;
                                    {{acc}} acc = {{bias}};
                                    for (ky = 0; ky < {{geo.FilterH}}; ++ky) {
                                        const int iy = iy0 + ky * {{geo.DilationH}};
                                        if (iy < 0 || iy >= {{geo.InH}}) continue;
                                        for (kx = 0; kx < {{geo.FilterW}}; ++kx) {
                                            const int ix = ix0 + kx * {{geo.DilationW}};
                                            if (ix < 0 || ix >= {{geo.InW}}) continue;
                                            acc += ({{acc}})(in[(iy * {{geo.InW}} + ix) * {{cin}} + ic]{{offset}}) * {{weights}}[(ky * {{geo.FilterW}} + kx) * {{cout}} + oc];
                                        }
                                    }
                                    {
                                        const int32_t v = {{requantize}}(acc, {{mult}}, {{shift}}) + {{rq.OutputOffset}};
                                        *output++ = ({{type}})eg_clamp(v, {{rq.Range.Min}}, {{rq.Range.Max}});
                                    }
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
