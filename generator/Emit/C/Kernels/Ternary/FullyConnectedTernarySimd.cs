using System.Runtime.CompilerServices;
using System.Text;
using EdgeGen.Ir;
using EdgeGen.Ir.Ops;
using EdgeGen.Targets;

namespace EdgeGen.Emit.C.Kernels.Ternary;

/// <summary>
/// Ternary FULLY_CONNECTED or CONV_2D (each output pixel's input patch a row, <see cref="TernaryGather"/>) on cores with the DSP extension: the inputs widened once into words of two int16 values
/// (a scratch buffer), then per block of rows straight-line code where each row adds two inputs per instruction
/// (SADD16, SSUB16, SASX, SSAX, or a shifted/masked ADD; see runtime/c/edgegen_ternary.h and <see cref="TritPairBlock"/>).
/// The trits are in the code, not in a weight array.
/// </summary>
public abstract class TernarySimdVariant<TOp> : CKernelVariant<TOp>, ICodeSizeEstimate, IConstantDataEstimate where TOp : Operator
{
    /// <summary>Whether blocks share sums and differences of word pairs across rows.</summary>
    protected abstract bool Share { get; }

    public override bool Applies(Graph graph, TOp op, TargetSpec target) =>
        target.Has("dsp") && TernaryRowsLayer.For(graph, op) is not null;

    /// <summary>The straight-line code of one batch row and the constants; whether it fits is the model's flash plan's call.</summary>
    public long CodeBytes(Graph graph, Operator op, TargetSpec target)
    {
        var t = TernaryRowsLayer.For(graph, (TOp)op)!;
        return TernaryFlash.Unrolled(t, EstimatedInstructions(graph, (TOp)op, target) / t.Batches - t.GatherInstructions, TernaryFlash.SimdBytesPerInstruction);
    }

    public long ConstantBytes(Graph graph, Operator op, TargetSpec target) => TernaryFlash.Constants(TernaryRowsLayer.For(graph, (TOp)op)!);

    public override long EstimatedInstructions(Graph graph, TOp op, TargetSpec target)
    {
        var t = TernaryRowsLayer.For(graph, op)!;
        var widen = 3L * TritPairWords.Count(t.Depth) + 10;
        return t.Batches * (widen + Blocks(t).Sum(b => b.Instructions) + t.OutputInstructions + t.GatherInstructions);
    }

    public override int ScratchBytes(Graph graph, TOp op, TargetSpec target) => TernaryRowsLayer.For(graph, op)!.ScratchWith(WordBytes(TernaryRowsLayer.For(graph, op)!));

    /// <summary>The widened pair words of one row (the kernel's own scratch, before a convolution's gathered patch).</summary>
    private static int WordBytes(TernaryRowsLayer t) => 4 * TritPairWords.Count(t.Depth);

    // Pair extraction scores every pair of words per block; estimate and emission share one result per layer.
    private readonly ConditionalWeakTable<TernaryRowsLayer, List<(string Code, long Instructions)>> _blocks = new();

    private List<(string Code, long Instructions)> Blocks(TernaryRowsLayer t) => _blocks.GetValue(t, layer =>
        layer.Rows.Chunk(TritPairBlock.MaxRows)
            .Select((rows, b) => new TritPairBlock(rows, layer.Depth, Share).Render($"EG_BLOCK_NAME_{b}"))
            .ToList());

    protected override CKernel Emit(CKernelContext ctx, TOp op)
    {
        var t = TernaryRowsLayer.For(ctx.Graph, op)!;
        var constants = FoldedConstants.Create(ctx, t.Folded, ctx.OutputTensor.Shape.ElementCount, EstimatedInstructions(ctx.Graph, op, ctx.Target));
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
            {{constants.Definitions}}{{t.GatherDefinitions(ctx)}}{{functions}}
            EG_KERNEL void {{ctx.FunctionName}}(const int8_t *{{ctx.Restrict}}input, int8_t *{{ctx.Restrict}}output)
            {
                uint32_t *d = {{ctx.ScratchPointer("uint32_t")}};
                int32_t s[{{Math.Max(t.Rows.Count, 1)}}];
                int b;
                (void)s;
                for (b = 0; b < {{t.Batches}}; ++b) {
                    int8_t *o = output + b * {{t.Units}};
                    eg_ternary_widen({{t.Row(ctx, "b", WordBytes(t))}}, d, {{t.Depth}});
            {{calls}}{{t.OutputStatements(constants)}}    }
            }

            """;
        return new CKernel(code, $"{ctx.FunctionName}({ctx.Pointer(op.Inputs[0])}, {ctx.Pointer(op.Output)});", Name) { Headers = ["edgegen_dsp.h", "edgegen_ternary.h"] };
    }
}

/// <summary>The SIMD ternary kernel, each row on its own (no sharing across rows).</summary>
public abstract class TernarySimd16Variant<TOp> : TernarySimdVariant<TOp> where TOp : Operator
{
    public override string Name => "ternary_simd16";
    protected override bool Share => false;
}

/// <summary>The SIMD ternary kernel with common subexpressions: word-pair sums and differences shared by the rows of a block.</summary>
public abstract class TernarySimd16SharedVariant<TOp> : TernarySimdVariant<TOp> where TOp : Operator
{
    public override string Name => "ternary_simd16_cse";
    protected override bool Share => true;
}

public sealed class FullyConnectedTernarySimd16 : TernarySimd16Variant<FullyConnected>;

public sealed class Conv2DTernarySimd16 : TernarySimd16Variant<Conv2D>;

public sealed class FullyConnectedTernarySimd16Shared : TernarySimd16SharedVariant<FullyConnected>;

public sealed class Conv2DTernarySimd16Shared : TernarySimd16SharedVariant<Conv2D>;
