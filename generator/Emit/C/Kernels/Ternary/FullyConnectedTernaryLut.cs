using EdgeGen.Ir;
using EdgeGen.Ir.Ops;
using EdgeGen.Targets;

namespace EdgeGen.Emit.C.Kernels.Ternary;

/// <summary>
/// Ternary FULLY_CONNECTED or CONV_2D (each output pixel's input patch a row, <see cref="TernaryGather"/>) with packed weights and table lookup (<see cref="TernaryLutLayout"/>, runtime/c/edgegen_ternary_lut.h):
/// 2 bits per trit in flash instead of 2-3 bytes of unrolled code per weight, for layers whose unrolled code would not fit.
/// Portable C (every Cortex-M and the host); the rows are the same trit rows as the unrolled kernels', so two trit planes
/// and dead channels need nothing special.
/// </summary>
public abstract class TernaryLutVariant<TOp> : CKernelVariant<TOp>, ICodeSizeEstimate, IConstantDataEstimate where TOp : Operator
{
    public override string Name => "ternary_packed_lut";

    public override bool Applies(Graph graph, TOp op, TargetSpec target) => TernaryRowsLayer.For(graph, op) is not null;

    private static TernaryLutLayout Layout(TernaryRowsLayer t) => new(t.Rows.Count, t.Depth);

    public override long EstimatedInstructions(Graph graph, TOp op, TargetSpec target)
    {
        var t = TernaryRowsLayer.For(graph, op)!;
        return t.Batches * (Layout(t).Instructions + t.OutputInstructions + t.GatherInstructions + 10);
    }

    public override int ScratchBytes(Graph graph, TOp op, TargetSpec target) =>
        TernaryRowsLayer.For(graph, op)!.ScratchWith(Layout(TernaryRowsLayer.For(graph, op)!).ScratchBytes);

    /// <summary>The packed indices, the constants, the output code and the two runtime loops (about 600 bytes).</summary>
    public long CodeBytes(Graph graph, Operator op, TargetSpec target)
    {
        var t = TernaryRowsLayer.For(graph, (TOp)op)!;
        return Layout(t).IndexBytes + TernaryFlash.Unrolled(t, t.OutputInstructions, TernaryFlash.ScalarBytesPerInstruction) + 600;
    }

    public long ConstantBytes(Graph graph, Operator op, TargetSpec target)
    {
        var t = TernaryRowsLayer.For(graph, (TOp)op)!;
        return Layout(t).IndexBytes + TernaryFlash.Constants(t);
    }

    protected override CKernel Emit(CKernelContext ctx, TOp op)
    {
        var t = TernaryRowsLayer.For(ctx.Graph, op)!;
        var layout = Layout(t);
        var constants = FoldedConstants.Create(ctx, t.Folded, ctx.OutputTensor.Shape.ElementCount, EstimatedInstructions(ctx.Graph, op, ctx.Target));
        var idx = ctx.Symbol("tlut_idx");
        var packed = layout.Pack(t.Rows.Select(r => r.Trits).ToList());
        var definitions = CFormat.Array("uint8_t", idx, packed.Length > 0 ? packed : [0], v => v.ToString(System.Globalization.CultureInfo.InvariantCulture));
        var tableWords = (layout.TableBytes + 3) / 4;
        var code = $$"""
            {{constants.Definitions}}{{definitions}}{{t.GatherDefinitions(ctx)}}
            EG_KERNEL void {{ctx.FunctionName}}(const int8_t *{{ctx.Restrict}}input, int8_t *{{ctx.Restrict}}output)
            {
                int16_t *const tables = {{ctx.ScratchPointer("int16_t")}};
                int32_t *const s = (int32_t *)(void *)(tables + {{2 * tableWords}});
                int b;
                for (b = 0; b < {{t.Batches}}; ++b) {
                    const int8_t *x = {{t.Row(ctx, "b", layout.ScratchBytes)}};
                    int8_t *o = output + b * {{t.Units}};
                    const uint8_t *p = {{idx}};
                    int g, r;
                    for (r = 0; r < {{layout.PaddedRows}}; ++r) s[r] = 0;
                    for (g = 0; g < {{layout.Groups}}; g += {{layout.ChunkGroups}}) {
                        const int n = {{layout.Groups}} - g < {{layout.ChunkGroups}} ? {{layout.Groups}} - g : {{layout.ChunkGroups}};
                        eg_tlut4_tables(x + 4 * g, {{t.Depth}} - 4 * g, n, tables);
                        for (r = 0; r < {{layout.PaddedRows}}; r += 8, p += 8 * n) eg_tlut4_rows8(tables, p, n, s + r);
                    }
                    (void)p;
            {{t.OutputStatements(constants)}}    }
            }

            """;
        return new CKernel(code, $"{ctx.FunctionName}({ctx.Pointer(op.Inputs[0])}, {ctx.Pointer(op.Output)});", Name)
        {
            Headers = ["edgegen_dsp.h", "edgegen_ternary.h", "edgegen_ternary_lut.h"],
        };
    }
}

public sealed class FullyConnectedTernaryLut : TernaryLutVariant<FullyConnected>;

public sealed class Conv2DTernaryLut : TernaryLutVariant<Conv2D>;
