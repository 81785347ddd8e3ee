using EdgeGen.Ir;
using EdgeGen.Ir.Ops;
using EdgeGen.Numerics.Params;
using EdgeGen.Targets;

namespace EdgeGen.Emit.C.Kernels;

/// <summary>
/// FULLY_CONNECTED int8 on cores with the DSP extension, input widened once: the row is widened into int16 pairs
/// ([x0, x2], [x1, x3] per 4 inputs) in a scratch buffer, so each block of four units reads a step's inputs with one
/// LDRD instead of a load and two SXTB16, and its four weight words with one LDM (18 instructions per 16
/// multiply-accumulates instead of 21; 19 on MVE cores, where GCC cannot spare the registers), at the cost of
/// 2 bytes of arena per input. Weights, their order and the requantization are those of <see cref="FullyConnectedDsp"/>.
/// </summary>
public sealed class FullyConnectedDspWidened : CKernelVariant<FullyConnected>
{
    public override string Name => "dsp_4x4_widened";

    private const int Block = 4;

    public override bool Applies(Graph graph, FullyConnected op, TargetSpec target) => FullyConnectedDsp.AppliesOn(graph, op, target);

    /// <summary>Widening ~6 per step, per block of 4 units 18 per step plus ~3 per 4 steps of loop, 60 for the four requantizations.</summary>
    public override long EstimatedInstructions(Graph graph, FullyConnected op, TargetSpec target)
    {
        var (units, depth) = Size(graph, op);
        var steps = (depth + 3) / 4;
        var perBatch = 6L * steps + 20 + units / Block * (18L * steps + 3 * ((steps + 3) / 4) + 60) + units % Block * (8L * steps + 20);
        return op.Batches(graph) * perBatch;
    }

    public override int ScratchBytes(Graph graph, FullyConnected op, TargetSpec target) => (Size(graph, op).Depth + 3) / 4 * 8;

    private static (int Units, int Depth) Size(Graph graph, FullyConnected op) => FullyConnectedDsp.Size(graph, op);

    protected override CKernel Emit(CKernelContext ctx, FullyConnected op)
    {
        var (units, depth) = Size(ctx.Graph, op);
        var k = FoldedConstants.Create(ctx, LayerFolding.Of(ctx.Graph, op)!, ctx.OutputTensor.Shape.ElementCount, EstimatedInstructions(ctx.Graph, op, ctx.Target));
        var s = k.Stride;
        var weights = ctx.Symbol("weights");
        var steps = (depth + 3) / 4;
        var blocked = units - units % Block;
        string Outputs(int count, string acc) => FullyConnectedDsp.OutputLines(k, count, acc);

        var code = $$"""
            {{CFormat.Array("int32_t", weights, FullyConnectedDsp.StepOrderWords(ctx.InputTensor(1).Int8Data.ToArray(), units, depth), v => CFormat.Int(v))}}{{k.Definitions}}
            EG_KERNEL void {{ctx.FunctionName}}(const int8_t *{{ctx.Restrict}}input, int8_t *{{ctx.Restrict}}output)
            {
                int32_t *xw = {{ctx.ScratchPointer("int32_t")}};
                int b, u;
                for (b = 0; b < {{op.Batches(ctx.Graph)}}; ++b) {
                    int8_t *o = output + b * {{units}};
                    const int32_t *w = {{weights}};
                    const int32_t *r = {{k.Table}};
                    eg_widen_row_s8(input + b * {{depth}}, {{depth}}, xw);
                    for (u = 0; u < {{blocked}}; u += {{Block}}, r += {{Block * s}}) {
                        int32_t a[4];
                        a[0] = r[0]; a[1] = r[{{s}}]; a[2] = r[{{2 * s}}]; a[3] = r[{{3 * s}}];
                        eg_fc_4_widened(xw, &w, {{steps}}, a);
            {{Outputs(Block, "a")}}
                    }
                    for (; u < {{units}}; ++u, r += {{s}}) {
                        int32_t a0 = r[0];
                        eg_fc_1_widened(xw, &w, {{steps}}, &a0);
            {{Outputs(1, "a")}}
                    }
                }
            }

            """;
        return new CKernel(code, $"{ctx.FunctionName}({ctx.Pointer(op.Inputs[0])}, {ctx.Pointer(op.Output)});", Name) { Headers = ["edgegen_dsp.h"] };
    }
}
