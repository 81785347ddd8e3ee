using System.Text;
using EdgeGen.Ir;
using EdgeGen.Ir.Ops;
using EdgeGen.Targets;

namespace EdgeGen.Emit.C.Kernels.Ternary;

/// <summary>
/// Ternary FULLY_CONNECTED or CONV_2D (each output pixel's input patch a row, <see cref="TernaryGather"/>), portable C: the trits baked into straight-line code, no weight array. Rows go
/// <see cref="BlockRows"/> at a time (one function per block, the row sums in registers); each input the block uses is
/// loaded once and added to or subtracted from the sums of the rows whose trit is +1 or -1.
/// </summary>
public abstract class TernaryScalarVariant<TOp> : CKernelVariant<TOp>, ICodeSizeEstimate, IConstantDataEstimate where TOp : Operator
{
    /// <summary>Rows per block: eight sums, the loaded input and the input pointer fit the 13 usable registers of a Cortex-M.</summary>
    internal const int BlockRows = 8;

    public override string Name => "ternary_scalar";

    public override bool Applies(Graph graph, TOp op, TargetSpec target) =>
        TernaryRowsLayer.For(graph, op) is not null;

    /// <summary>The straight-line code of one batch row (its blocks and output statements) and the constants; whether it fits is the model's flash plan's call.</summary>
    public long CodeBytes(Graph graph, Operator op, TargetSpec target)
    {
        var t = TernaryRowsLayer.For(graph, (TOp)op)!;
        return TernaryFlash.Unrolled(t, EstimatedInstructions(graph, (TOp)op, target) / t.Batches - t.GatherInstructions, TernaryFlash.ScalarBytesPerInstruction);
    }

    public long ConstantBytes(Graph graph, Operator op, TargetSpec target) => TernaryFlash.Constants(TernaryRowsLayer.For(graph, (TOp)op)!);

    public override long EstimatedInstructions(Graph graph, TOp op, TargetSpec target)
    {
        var t = TernaryRowsLayer.For(graph, op)!;
        var perBatch = t.OutputInstructions + t.GatherInstructions;
        foreach (var block in Blocks(t))
        {
            perBatch += 3L * block.Length + 8;
            for (var k = 0; k < t.Depth; k++)
            {
                var used = block.Count(r => r.Trits[k] != 0);
                if (used > 0) perBatch += 1 + used;
            }
        }
        return perBatch * t.Batches;
    }

    private static IEnumerable<TritRow[]> Blocks(TernaryRowsLayer t) => t.Rows.Chunk(BlockRows);

    public override int ScratchBytes(Graph graph, TOp op, TargetSpec target) => TernaryRowsLayer.For(graph, op)!.ScratchWith(0);

    protected override CKernel Emit(CKernelContext ctx, TOp op)
    {
        var t = TernaryRowsLayer.For(ctx.Graph, op)!;
        var constants = FoldedConstants.Create(ctx, t.Folded, ctx.OutputTensor.Shape.ElementCount, EstimatedInstructions(ctx.Graph, op, ctx.Target));
        var blocks = Blocks(t).ToList();
        var functions = new StringBuilder();
        var calls = new StringBuilder();
        for (var b = 0; b < blocks.Count; b++)
        {
            var name = ctx.GeometrySymbol($"rows{b}");
            functions.Append(BlockFunction(name, blocks[b], t.Depth));
            calls.Append($"        {name}(x, s + {b * BlockRows});\n");
        }
        var code = $$"""
            {{constants.Definitions}}{{t.GatherDefinitions(ctx)}}{{functions}}
            EG_KERNEL void {{ctx.FunctionName}}(const int8_t *{{ctx.Restrict}}input, int8_t *{{ctx.Restrict}}output)
            {
                int32_t s[{{Math.Max(t.Rows.Count, 1)}}];
                int b;
                (void)s;
                for (b = 0; b < {{t.Batches}}; ++b) {
                    const int8_t *x = {{t.Row(ctx, "b", 0)}};
                    int8_t *o = output + b * {{t.Units}};
                    (void)x;
            {{calls}}{{t.OutputStatements(constants)}}    }
            }

            """;
        return new CKernel(code, $"{ctx.FunctionName}({ctx.Pointer(op.Inputs[0])}, {ctx.Pointer(op.Output)});", Name) { Headers = ["edgegen_dsp.h", "edgegen_ternary.h"] };
    }

    /// <summary>One block's function: its rows' sums Σ trit·x as straight-line additions and subtractions.</summary>
    private static string BlockFunction(string name, TritRow[] rows, int depth)
    {
        var sb = new StringBuilder();
        sb.Append($"/* Sums of {rows.Length} trit rows (channels {string.Join(", ", rows.Select(r => r.Channel).Distinct())}). */\n");
        sb.Append($"EG_TERNARY_BLOCK void {name}(const int8_t *restrict x, int32_t *restrict s)\n{{\n");
        sb.Append($"    int32_t {string.Join(", ", rows.Select((_, j) => $"t{j} = 0"))};\n");
        for (var k = 0; k < depth; k++)
        {
            var ops = rows.Select((r, j) => r.Trits[k] switch { > 0 => $" t{j} += v;", < 0 => $" t{j} -= v;", _ => "" }).Where(s => s.Length > 0).ToList();
            if (ops.Count > 0) sb.Append($"    {{ const int32_t v = x[{k}];{string.Concat(ops)} }}\n");
        }
        for (var j = 0; j < rows.Length; j++) sb.Append($"    s[{j}] = t{j};\n");
        sb.Append("}\n\n");
        return sb.ToString();
    }
}

/// <summary>The scalar unrolled kernel for FULLY_CONNECTED.</summary>
public sealed class FullyConnectedTernaryScalar : TernaryScalarVariant<FullyConnected>;

/// <summary>The scalar unrolled kernel for CONV_2D.</summary>
public sealed class Conv2DTernaryScalar : TernaryScalarVariant<Conv2D>;
