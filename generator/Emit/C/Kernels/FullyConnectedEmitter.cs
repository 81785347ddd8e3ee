using EdgeGen.Emit.C.Kernels.Neon;
using EdgeGen.Ir;
using EdgeGen.Ir.Ops;
using EdgeGen.Numerics.Params;
using EdgeGen.Targets;

namespace EdgeGen.Emit.C.Kernels;

/// <summary>FULLY_CONNECTED, portable C: one dot product per unit with literal sizes and quantization.</summary>
public sealed class FullyConnectedEmitter : CKernelEmitter<FullyConnected>
{
    public override int ScratchBytes(Graph graph, FullyConnected op, TargetSpec target) =>
        NeonFullyConnected.Supports(graph, op, target) ? NeonFullyConnected.ScratchBytes(graph, op) : 0;

    protected override CKernel Emit(CKernelContext ctx, FullyConnected op)
    {
        if (NeonFullyConnected.Supports(ctx.Graph, op, ctx.Target)) return NeonFullyConnected.Emit(ctx, op);
        var input = ctx.InputTensor(0);
        var filter = ctx.InputTensor(1);
        var output = ctx.OutputTensor;
        var units = filter.Shape[0];
        var depth = filter.Shape[1];
        var batches = op.Batches(ctx.Graph);
        var rq = ChannelRequantization.For(input, filter, output, units, op.Activation);
        var (rqDefs, mult, shift) = ConvConstants.Requantization(ctx, rq, "u");
        var (biasDefs, bias) = ConvConstants.Bias(ctx, 2, "u");
        var (acc, requantize) = ConvConstants.Accumulator(input.Type);
        var weights = ctx.Symbol("weights");
        var type = CFormat.TypeOf(input.Type);
        var inOffset = rq.InputOffset == 0 ? "" : $" + {rq.InputOffset}";
        var filterOffset = filter.Quant.ZeroPoint == 0 ? "" : $" + {-filter.Quant.ZeroPoint}";
        var code = $$"""
            {{ConvConstants.Weights(ctx, filter, weights)}}{{biasDefs}}{{rqDefs}}
            static void {{ctx.FunctionName}}(const {{type}} *{{ctx.Restrict}}input, {{type}} *{{ctx.Restrict}}output)
            {
                int b, u, d;
                for (b = 0; b < {{batches}}; ++b) {
                    const {{type}} *x = input + b * {{depth}};
                    const int8_t *w = {{weights}};
                    for (u = 0; u < {{units}}; ++u, w += {{depth}}) {
                        {{acc}} acc = {{bias}};
                        for (d = 0; d < {{depth}}; ++d) acc += ({{acc}})(x[d]{{inOffset}}) * (w[d]{{filterOffset}});
                        {
                            const int32_t v = {{requantize}}(acc, {{mult}}, {{shift}}) + {{rq.OutputOffset}};
                            output[b * {{units}} + u] = ({{type}})eg_clamp(v, {{rq.Range.Min}}, {{rq.Range.Max}});
                        }
                    }
                }
            }

            """;
        return new CKernel(code, $"{ctx.FunctionName}({ctx.Pointer(op.Inputs[0])}, {ctx.Pointer(op.Output)});", "generic");
    }
}
