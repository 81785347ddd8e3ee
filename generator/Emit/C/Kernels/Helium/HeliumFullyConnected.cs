using EdgeGen.Emit.C.Kernels.Neon;
using EdgeGen.Ir;
using EdgeGen.Ir.Ops;
using EdgeGen.Numerics.Params;
using EdgeGen.Targets;

namespace EdgeGen.Emit.C.Kernels.Helium;

/// <summary>
/// FULLY_CONNECTED int8 with Helium (MVE): one matrix-vector product per batch row (<see cref="HeliumMatrix"/>),
/// reading the input row in place (a depth that is not a multiple of 16 ends with a predicated load).
/// </summary>
public sealed class HeliumFullyConnected : CKernelVariant<FullyConnected>
{
    public override string Name => "helium";

    public override bool Applies(Graph graph, FullyConnected op, TargetSpec target) => HeliumMatrix.Supports(graph, op, target);

    public override long EstimatedInstructions(Graph graph, FullyConnected op, TargetSpec target)
    {
        var filter = graph[op.Inputs[1]].Shape;
        return op.Batches(graph) * (HeliumMatrix.RowInstructions(filter[1], filter[0]) + 10);
    }

    protected override CKernel Emit(CKernelContext ctx, FullyConnected op)
    {
        var input = ctx.InputTensor(0);
        var filter = ctx.InputTensor(1);
        var units = filter.Shape[0];
        var depth = filter.Shape[1];
        var rq = ChannelRequantization.For(input, filter, ctx.OutputTensor, units, op.Activation);
        var matrix = new HeliumMatrix(ctx, filter.Int8Data.ToArray(), units, depth, NeonGemm.Bias(ctx), rq);
        var code = $$"""
            {{matrix.Definitions()}}
            EG_KERNEL void {{ctx.FunctionName}}(const int8_t *{{ctx.Restrict}}input, int8_t *{{ctx.Restrict}}output)
            {
                int b;
                for (b = 0; b < {{op.Batches(ctx.Graph)}}; ++b) {{matrix.GemvCall($"input + b * {depth}", $"output + b * {units}")}};
            }

            """;
        return new CKernel(code, $"{ctx.FunctionName}({ctx.Pointer(op.Inputs[0])}, {ctx.Pointer(op.Output)});", "helium-gemv") { Headers = ["edgegen_mve.h"] };
    }
}
