using System.Runtime.CompilerServices;
using System.Text;
using EdgeGen.Ir;
using EdgeGen.Ir.Ops;
using EdgeGen.Targets;

namespace EdgeGen.Emit.C.Kernels.Ternary;

/// <summary>
/// Ternary FULLY_CONNECTED on cores with the DSP extension: the inputs widened once into words of two int16 values
/// (a scratch buffer), then per block of rows straight-line code where each row adds two inputs per instruction
/// (SADD16, SSUB16, SASX, SSAX, or a shifted/masked ADD; see runtime/c/edgegen_ternary.h and <see cref="TritPairBlock"/>).
/// The trits are in the code, not in a weight array.
/// </summary>
public abstract class FullyConnectedTernarySimd : CKernelVariant<FullyConnected>, ICodeSizeEstimate, IConstantDataEstimate
{
    /// <summary>Whether blocks share sums and differences of word pairs across rows.</summary>
    protected abstract bool Share { get; }

    public override bool Applies(Graph graph, FullyConnected op, TargetSpec target) =>
        target.Has("dsp") && TernaryFullyConnected.For(graph, op) is not null;

    /// <summary>The straight-line code of one batch row and the constants; whether it fits is the model's flash plan's call.</summary>
    public long CodeBytes(Graph graph, Operator op, TargetSpec target)
    {
        var t = TernaryFullyConnected.For(graph, (FullyConnected)op)!;
        return TernaryFlash.Unrolled(t, EstimatedInstructions(graph, (FullyConnected)op, target) / t.Batches, TernaryFlash.SimdBytesPerInstruction);
    }

    public long ConstantBytes(Graph graph, Operator op, TargetSpec target) => TernaryFlash.Constants(TernaryFullyConnected.For(graph, (FullyConnected)op)!);

    public override long EstimatedInstructions(Graph graph, FullyConnected op, TargetSpec target)
    {
        var t = TernaryFullyConnected.For(graph, op)!;
        var widen = 3L * TritPairWords.Count(t.Depth) + 10;
        return t.Batches * (widen + Blocks(t).Sum(b => b.Instructions) + t.OutputInstructions);
    }

    public override int ScratchBytes(Graph graph, FullyConnected op, TargetSpec target) =>
        4 * TritPairWords.Count(TernaryFullyConnected.For(graph, op)!.Depth);

    // Pair extraction scores every pair of words per block; estimate and emission share one result per layer.
    private readonly ConditionalWeakTable<TernaryFullyConnected, List<(string Code, long Instructions)>> _blocks = new();

    private List<(string Code, long Instructions)> Blocks(TernaryFullyConnected t) => _blocks.GetValue(t, layer =>
        layer.Rows.Chunk(TritPairBlock.MaxRows)
            .Select((rows, b) => new TritPairBlock(rows, layer.Depth, Share).Render($"EG_BLOCK_NAME_{b}"))
            .ToList());

    protected override CKernel Emit(CKernelContext ctx, FullyConnected op)
    {
        var t = TernaryFullyConnected.For(ctx.Graph, op)!;
        var constants = FoldedConstants.Create(ctx, t.Folded);
        var blocks = Blocks(t);
        var functions = new StringBuilder();
        var calls = new StringBuilder();
        for (var b = 0; b < blocks.Count; b++)
        {
            var name = ctx.GeometrySymbol($"rows{b}");
            functions.Append(blocks[b].Code.Replace($"EG_BLOCK_NAME_{b}(", $"{name}("));
            calls.Append($"        {name}(d, s + {b * TritPairBlock.MaxRows});\n");
        }
        var code = $$"""
            {{constants.Definitions}}{{functions}}
            EG_KERNEL void {{ctx.FunctionName}}(const int8_t *{{ctx.Restrict}}input, int8_t *{{ctx.Restrict}}output)
            {
                uint32_t *d = {{ctx.ScratchPointer("uint32_t")}};
                int32_t s[{{Math.Max(t.Rows.Count, 1)}}];
                int b;
                (void)s;
                for (b = 0; b < {{t.Batches}}; ++b) {
                    int8_t *o = output + b * {{t.Units}};
                    eg_ternary_widen(input + b * {{t.Depth}}, d, {{t.Depth}});
            {{calls}}{{t.OutputStatements(constants)}}    }
            }

            """;
        return new CKernel(code, $"{ctx.FunctionName}({ctx.Pointer(op.Inputs[0])}, {ctx.Pointer(op.Output)});", Name) { Headers = ["edgegen_dsp.h", "edgegen_ternary.h"] };
    }
}

/// <summary>The SIMD ternary kernel, each row on its own (no sharing across rows).</summary>
public sealed class FullyConnectedTernarySimd16 : FullyConnectedTernarySimd
{
    public override string Name => "ternary_simd16";
    protected override bool Share => false;
}

/// <summary>The SIMD ternary kernel with common subexpressions: word-pair sums and differences shared by the rows of a block.</summary>
public sealed class FullyConnectedTernarySimd16Shared : FullyConnectedTernarySimd
{
    public override string Name => "ternary_simd16_cse";
    protected override bool Share => true;
}
