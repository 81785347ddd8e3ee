using EdgeGen.Ir;
using EdgeGen.Ir.Ops;
using EdgeGen.Reference.Kernels;

namespace EdgeGen.Emit.CSharp.Kernels;

/// <summary>PAD / PADV2: fill with the pad value, then copy each innermost input row to its padded place.</summary>
public sealed class PadEmitter : CSharpKernelEmitter<Pad>
{
    protected override CSharpKernel Emit(CSharpKernelContext ctx, Pad op)
    {
        var input = ctx.InputTensor(0);
        var output = ctx.OutputTensor;
        if (input.Type == DataType.Float32) throw new EdgeGenException($"operator #{ctx.Index} {op.Kind}: float tensors are not supported by the C# generator");
        var pads = op.Paddings(ctx.Graph);
        var type = CSharpFormat.TypeOf(input.Type);
        var fill = op.HasInput(2)
            ? CSharpFormat.Int(ctx.InputTensor(2).Type == DataType.Int16 ? ctx.InputTensor(2).Int16Data[0] : ctx.InputTensor(2).Int8Data[0])
            : CSharpFormat.Int(output.Quant.ZeroPoint);
        var rank = input.Shape.Rank;
        var row = input.Shape[rank - 1];
        var outer = input.Shape.ElementCount / Math.Max(row, 1);
        var outStrides = output.Shape.Strides();
        // Offset of input row r in the output: each outer index shifted by its padding, times the output stride.
        var baseOffset = Enumerable.Range(0, rank).Sum(d => pads[d].Before * outStrides[d]);
        var terms = new List<string>();
        var divisor = 1;
        for (var d = rank - 2; d >= 0; d--)
        {
            terms.Add($"(r / {divisor} % {input.Shape[d]}) * {outStrides[d]}");
            divisor *= input.Shape[d];
        }
        var rowOffset = terms.Count == 0 ? "0" : string.Join(" + ", terms);
        var body = $$"""
            new Span<{{type}}>(output, {{output.Shape.ElementCount}}).Fill({{fill}});
            for (int r = 0; r < {{outer}}; ++r)
                new ReadOnlySpan<{{type}}>(input + r * {{row}}, {{row}}).CopyTo(new Span<{{type}}>(output + {{baseOffset}} + {{rowOffset}}, {{row}}));
            """;
        var code = CSharpMethod.Static(ctx.MethodName, $"{type}* input, {type}* output", body);
        return new CSharpKernel(code, ctx.Call(op.Inputs[0], op.Output), "generic");
    }
}
