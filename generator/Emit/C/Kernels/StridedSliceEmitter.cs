using System.Text;
using EdgeGen.Ir;
using EdgeGen.Ir.Ops;
using EdgeGen.Targets;

namespace EdgeGen.Emit.C.Kernels;

/// <summary>STRIDED_SLICE: nested loops over the selected ranges with literal starts and strides; elements copied unchanged.</summary>
public sealed class StridedSliceEmitter : CKernelVariant<StridedSlice>
{
    public override string Name => "generic";
    public override long EstimatedInstructions(Graph graph, StridedSlice op, TargetSpec target) => 4L * graph[op.Output].Shape.ElementCount;

    protected override CKernel Emit(CKernelContext ctx, StridedSlice op)
    {
        var input = ctx.InputTensor(0);
        var ranges = op.Ranges(ctx.Graph);
        var strides = input.Shape.Strides();
        var type = CFormat.TypeOf(input.Type);
        var rank = ranges.Length;
        var loops = new StringBuilder();
        for (var d = 0; d < rank; d++)
            loops.Append(' ', 4).Append($"for (i{d} = 0; i{d} < {ranges[d].Count}; ++i{d})\n");
        var offset = string.Join(" + ", Enumerable.Range(0, rank).Select(d => $"({ranges[d].Start} + i{d} * {ranges[d].Stride}) * {strides[d]}"));
        var code = $$"""
            EG_KERNEL void {{ctx.FunctionName}}(const {{type}} *{{ctx.Restrict}}input, {{type}} *{{ctx.Restrict}}output)
            {
                int {{string.Join(", ", Enumerable.Range(0, rank).Select(d => $"i{d}"))}};
            {{loops}}        *output++ = input[{{offset}}];
            }

            """;
        return new CKernel(code, $"{ctx.FunctionName}({ctx.Pointer(op.Inputs[0])}, {ctx.Pointer(op.Output)});", "generic");
    }
}
