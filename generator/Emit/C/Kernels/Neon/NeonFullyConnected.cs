using EdgeGen.Ir;
using EdgeGen.Ir.Ops;
using EdgeGen.Numerics.Params;
using EdgeGen.Targets;

namespace EdgeGen.Emit.C.Kernels.Neon;

/// <summary>
/// FULLY_CONNECTED int8 with NEON: one matrix-vector product per batch row (<see cref="NeonGemm"/>).
/// A depth that is not a multiple of 4 is copied into a zero-padded arena row first.
/// </summary>
internal static class NeonFullyConnected
{
    /// <summary>int8 with symmetric weights (a filter zero point stays with the portable kernel).</summary>
    public static bool Supports(Graph graph, FullyConnected op, TargetSpec target) =>
        NeonGemm.Available(target) && NeonGemm.IsInt8(graph, op) && graph[op.Inputs[1]].Quant.ZeroPoint == 0;

    public static int ScratchBytes(Graph graph, FullyConnected op)
    {
        var depth = graph[op.Inputs[1]].Shape[1];
        return depth % 4 == 0 ? 0 : NeonGemm.PaddedK(depth);
    }

    public static CKernel Emit(CKernelContext ctx, FullyConnected op)
    {
        var input = ctx.InputTensor(0);
        var filter = ctx.InputTensor(1);
        var output = ctx.OutputTensor;
        var units = filter.Shape[0];
        var depth = filter.Shape[1];
        var rq = ChannelRequantization.For(input, filter, output, units, op.Activation);
        var gemm = new NeonGemm(ctx, filter.Int8Data.ToArray(), units, depth, NeonGemm.Bias(ctx), rq);
        var padded = gemm.KPadded > depth;
        var row = padded
            ? $$"""
                    int8_t *const x = {{ctx.ScratchPointer("int8_t")}};
                    memset(x + {{depth}}, 0, {{gemm.KPadded - depth}}); /* K padding: zero weights there */
                    for (b = 0; b < {{op.Batches(ctx.Graph)}}; ++b) {
                        memcpy(x, input + b * {{depth}}, {{depth}});
                """
            : $$"""
                    for (b = 0; b < {{op.Batches(ctx.Graph)}}; ++b) {
                        const int8_t *const x = input + b * {{depth}};
                """;
        var code = $$"""
            {{gemm.Definitions()}}
            EG_KERNEL void {{ctx.FunctionName}}(const int8_t *{{ctx.Restrict}}input, int8_t *{{ctx.Restrict}}output)
            {
                int b;
            {{row}}
                    {{gemm.GemvCall("x", $"output + b * {units}")}};
                }
            }

            """;
        return new CKernel(code, $"{ctx.FunctionName}({ctx.Pointer(op.Inputs[0])}, {ctx.Pointer(op.Output)});", $"neon-{gemm.Kind}-gemv");
    }
}
