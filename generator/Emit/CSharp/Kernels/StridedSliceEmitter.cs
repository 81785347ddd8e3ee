using System.Text;
using EdgeGen.Ir.Ops;

namespace EdgeGen.Emit.CSharp.Kernels;

/// <summary>STRIDED_SLICE: nested loops over the selected ranges with literal starts and strides; elements copied unchanged.</summary>
public sealed class StridedSliceEmitter : CSharpKernelEmitter<StridedSlice>
{
    protected override CSharpKernel Emit(CSharpKernelContext ctx, StridedSlice op)
    {
        var input = ctx.InputTensor(0);
        var ranges = op.Ranges(ctx.Graph);
        var strides = input.Shape.Strides();
        var type = CSharpFormat.TypeOf(input.Type);
        var loops = new StringBuilder();
        for (var d = 0; d < ranges.Length; d++)
            loops.Append(' ', 4 * d).Append($"for (int i{d} = 0; i{d} < {ranges[d].Count}; ++i{d})\n");
        var offset = string.Join(" + ", Enumerable.Range(0, ranges.Length).Select(d => $"({ranges[d].Start} + i{d} * {ranges[d].Stride}) * {strides[d]}"));
        var body = $"{loops}{new string(' ', 4 * ranges.Length)}*output++ = input[{offset}];";
        var code = CSharpMethod.Static(ctx.MethodName, $"{type}* input, {type}* output", body);
        return new CSharpKernel(code, ctx.Call(op.Inputs[0], op.Output), "generic");
    }
}
