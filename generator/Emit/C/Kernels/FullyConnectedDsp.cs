using EdgeGen.Ir;
using EdgeGen.Ir.Ops;
using EdgeGen.Numerics.Params;
using EdgeGen.Targets;

namespace EdgeGen.Emit.C.Kernels;

/// <summary>
/// FULLY_CONNECTED int8 on cores with the DSP extension: four units per pass over the input, so one word of four
/// inputs, widened once (SXTB16 and SXTB16 ROR 8), meets one word of four weights per unit, each widened the same way
/// and multiplied pairwise with SMLAD. Weights are reordered at generation time so the four units' words of a step
/// are adjacent; a depth that is not a multiple of four ends with a step whose input word is assembled from the last
/// bytes (its weights are zero-padded). Units left over from the blocks of four run one at a time. The input offset
/// is folded into the bias and requantization is the exact fast form.
/// </summary>
public sealed class FullyConnectedDsp : CKernelVariant<FullyConnected>
{
    public override string Name => "dsp_4x4";

    private const int Block = 4;

    public override bool Applies(Graph graph, FullyConnected op, TargetSpec target) => AppliesOn(graph, op, target);

    /// <summary>DSP core, constant weights and a layer whose requantization folds (shared with <see cref="FullyConnectedDspWidened"/>).</summary>
    internal static bool AppliesOn(Graph graph, FullyConnected op, TargetSpec target) =>
        target.Has("dsp") && graph[op.Inputs[1]].IsConstant && LayerFolding.Of(graph, op) is not null;

    public override long EstimatedInstructions(Graph graph, FullyConnected op, TargetSpec target)
    {
        var (units, depth) = Size(graph, op);
        var steps = (depth + 3) / 4;
        var perBatch = units / Block * (24L * steps + 60) + units % Block * (9L * steps + 20) + 10;
        return op.Batches(graph) * perBatch;
    }

    internal static (int Units, int Depth) Size(Graph graph, FullyConnected op) => (graph[op.Inputs[1]].Shape[0], graph[op.Inputs[1]].Shape[1]);

    /// <summary>Per block of units (four, then single ones), per step of four inputs, one little-endian word of each unit's four weights.</summary>
    internal static int[] StepOrderWords(sbyte[] w, int units, int depth)
    {
        var steps = (depth + 3) / 4;
        var words = new List<int>();
        void AddBlock(int first, int count)
        {
            for (var s = 0; s < steps; s++)
                for (var u = first; u < first + count; u++)
                {
                    var word = 0u;
                    for (var j = 0; j < 4; j++)
                    {
                        var d = 4 * s + j;
                        var value = d < depth ? (byte)w[u * depth + d] : (byte)0;
                        word |= (uint)value << (8 * j);
                    }
                    words.Add(unchecked((int)word));
                }
        }
        var blocked = units - units % Block;
        for (var u = 0; u < blocked; u += Block) AddBlock(u, Block);
        for (var u = blocked; u < units; u++) AddBlock(u, 1);
        return words.ToArray();
    }

    /// <summary>Units u .. u + count - 1 requantized from their accumulators (acc0, or acc[j] for a block) with the constants at r.</summary>
    internal static string OutputLines(FoldedConstants k, int count, string acc) => string.Join("\n", Enumerable.Range(0, count).Select(j =>
        $"            o[u + {j}] = {k.Output(acc + (count == 1 ? "0" : $"[{j}]"), j == 0 ? "r" : $"(r + {j * k.Stride})")};"));

    protected override CKernel Emit(CKernelContext ctx, FullyConnected op)
    {
        var (units, depth) = Size(ctx.Graph, op);
        var k = FoldedConstants.Create(ctx, LayerFolding.Of(ctx.Graph, op)!, ctx.OutputTensor.Shape.ElementCount, EstimatedInstructions(ctx.Graph, op, ctx.Target));
        var s = k.Stride;
        var weights = ctx.Symbol("weights");
        var fullSteps = depth / 4;
        var rest = depth % 4;
        var blocked = units - units % Block;

        // The last, partial step (depth not a multiple of 4) of `count` units, after the whole steps.
        string Last(int count) => rest == 0 ? "" : $$"""

                            {
                                const int32_t v = eg_load_last(xs, {{rest}}), xe = eg_sxtb16(v), xo = eg_sxtb16_ror8(v);
                {{string.Join("\n", Enumerable.Range(0, count).Select(j => $"                a{(count == 1 ? "0" : $"[{j}]")} = eg_dot4_s8(xe, xo, w[{j}], a{(count == 1 ? "0" : $"[{j}]")});"))}}
                                w += {{count}};
                            }
                """;
        string Outputs(int count, string acc) => OutputLines(k, count, acc);

        var code = $$"""
            {{CFormat.Array("int32_t", weights, StepOrderWords(ctx.InputTensor(1).Int8Data.ToArray(), units, depth), v => CFormat.Int(v))}}{{k.Definitions}}
            EG_KERNEL void {{ctx.FunctionName}}(const int8_t *{{ctx.Restrict}}input, int8_t *{{ctx.Restrict}}output)
            {
                int b, u;
                for (b = 0; b < {{op.Batches(ctx.Graph)}}; ++b) {
                    const int8_t *x = input + b * {{depth}};
                    int8_t *o = output + b * {{units}};
                    const int32_t *w = {{weights}};
                    const int32_t *r = {{k.Table}};
                    for (u = 0; u < {{blocked}}; u += {{Block}}, r += {{Block * s}}) {
                        const int8_t *xs = x;
                        int32_t a[4];
                        a[0] = r[0]; a[1] = r[{{s}}]; a[2] = r[{{2 * s}}]; a[3] = r[{{3 * s}}];
                        eg_fc_4_s8(&xs, &w, {{fullSteps}}, a);{{Last(Block)}}
            {{Outputs(Block, "a")}}
                    }
                    for (; u < {{units}}; ++u, r += {{s}}) {
                        const int8_t *xs = x;
                        int32_t a0 = r[0];
                        eg_fc_1_s8(&xs, &w, {{fullSteps}}, &a0);{{Last(1)}}
            {{Outputs(1, "a")}}
                    }
                }
            }

            """;
        return new CKernel(code, $"{ctx.FunctionName}({ctx.Pointer(op.Inputs[0])}, {ctx.Pointer(op.Output)});", Name) { Headers = ["edgegen_dsp.h"] };
    }
}
