using EdgeGen.Ir;
using EdgeGen.Ir.Ops;
using EdgeGen.Targets;

namespace EdgeGen.Emit.C.Kernels;

/// <summary>PAD / PADV2: fill with the pad value, then copy each innermost input row to its padded place.</summary>
public sealed class PadEmitter : CKernelVariant<Pad>
{
    public override string Name => "generic";
    public override long EstimatedInstructions(Graph graph, Pad op, TargetSpec target) => 3L * graph[op.Output].Shape.ElementCount;

    protected override CKernel Emit(CKernelContext ctx, Pad op)
    {
        var input = ctx.InputTensor(0);
        var output = ctx.OutputTensor;
        var pads = op.Paddings(ctx.Graph);
        var type = CFormat.TypeOf(input.Type);
        var fill = op.HasInput(2)
            ? (input.Type == DataType.Float32 ? CFormat.Float(ctx.InputTensor(2).Float32Data[0]) : CFormat.Int(ctx.InputTensor(2).Type == DataType.Int16 ? ctx.InputTensor(2).Int16Data[0] : ctx.InputTensor(2).Int8Data[0]))
            : input.Type == DataType.Float32 ? "0.0f" : CFormat.Int(output.Quant.ZeroPoint);
        var rank = input.Shape.Rank;
        var row = input.Shape[rank - 1];
        var outer = input.Shape.ElementCount / Math.Max(row, 1);
        var outStrides = output.Shape.Strides();
        var inOuterDims = input.Shape.Dims.Take(rank - 1).ToArray();
        // Offset of input row r in the output: sum over outer dims of (index + before) * stride, plus the last dim's before.
        var baseOffset = Enumerable.Range(0, rank).Sum(d => pads[d].Before * outStrides[d]);
        var indexTerms = new List<string>();
        var divisor = 1;
        for (var d = rank - 2; d >= 0; d--)
        {
            indexTerms.Add($"((r / {divisor}) % {inOuterDims[d]}) * {outStrides[d]}");
            divisor *= inOuterDims[d];
        }
        var rowOffset = indexTerms.Count == 0 ? "0" : string.Join(" + ", indexTerms);
        var code = $$"""
            EG_KERNEL void {{ctx.FunctionName}}(const {{type}} *{{ctx.Restrict}}input, {{type}} *{{ctx.Restrict}}output)
            {
                int i, r;
                for (i = 0; i < {{output.Shape.ElementCount}}; ++i) output[i] = ({{type}}){{fill}};
                for (r = 0; r < {{outer}}; ++r)
                    memcpy(output + {{baseOffset}} + {{rowOffset}}, input + r * {{row}}, {{row * input.Type.SizeInBytes()}});
            }

            """;
        return new CKernel(code, $"{ctx.FunctionName}({ctx.Pointer(op.Inputs[0])}, {ctx.Pointer(op.Output)});", "generic");
    }
}
