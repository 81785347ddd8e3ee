using System.Text;
using EdgeGen.Ir;
using EdgeGen.Ir.Ops;
using EdgeGen.Numerics.Params;
using EdgeGen.Targets;

namespace EdgeGen.Emit.C.Kernels;

/// <summary>
/// MEAN (int8, int16): int32 sums of the raw inputs per output slot (arena scratch), then TFLite
/// Micro's path for the tensors' quantization (see <see cref="MeanParams"/>).
/// </summary>
public sealed class MeanEmitter : CKernelVariant<Mean>
{
    public override string Name => "generic";
    public override long EstimatedInstructions(Graph graph, Mean op, TargetSpec target) => 4L * graph[op.Inputs[0]].Shape.ElementCount + 20L * graph[op.Output].Shape.ElementCount;

    public override int ScratchBytes(Graph graph, Mean op, TargetSpec target) => graph[op.Output].Shape.ElementCount * 4;

    protected override CKernel Emit(CKernelContext ctx, Mean op)
    {
        var g = ctx.Graph;
        var input = ctx.InputTensor(0);
        var output = ctx.OutputTensor;
        if (input.Type == DataType.Float32) throw new EdgeGenException($"operator #{ctx.Index} MEAN: float tensors are not supported by the C generator");
        var p = MeanParams.For(op, g);
        var rank = input.Shape.Rank;
        var (outStride, count) = op.Slots(g);
        var loops = new StringBuilder();
        for (var d = 0; d < rank; d++) loops.Append(' ', 4).Append($"for (i{d} = 0; i{d} < {input.Shape[d]}; ++i{d})\n");
        var slot = string.Join(" + ", Enumerable.Range(0, rank).Where(d => outStride[d] != 0).Select(d => $"i{d} * {outStride[d]}").DefaultIfEmpty("0"));
        var finish = p.Path switch
        {
            MeanPath.SpatialKeepDims => $$"""
                        int32_t acc = eg_requantize((int32_t)((uint32_t)sum[o] - (uint32_t){{count * p.InputZeroPoint}}), {{p.Multiplier.Multiplier}}, {{p.Multiplier.Shift}});
                        acc = acc > 0 ? (acc + {{count / 2}}) / {{count}} : (acc - {{count / 2}}) / {{count}};
                        output[o] = ({{CFormat.TypeOf(output.Type)}})eg_clamp(acc + {{p.OutputZeroPoint}}, {{p.Min}}, {{p.Max}});
                """,
            MeanPath.SameQuantization => $$"""
                        output[o] = ({{CFormat.TypeOf(output.Type)}})(sum[o] / {{count}});
                """,
            _ => $$"""
                        const float mean = (float)sum[o] / {{count}}.0f;
                        float r = mean * {{CFormat.Float(p.Scale)}} + {{CFormat.Float(-p.InputZeroPoint * p.Scale)}};
                        const float t = (float)(int32_t)r;
                        r = (r - t >= 0.5f) ? t + 1.0f : (r - t <= -0.5f) ? t - 1.0f : t;
                        r += {{p.OutputZeroPoint}}.0f;
                        output[o] = ({{CFormat.TypeOf(output.Type)}})(int32_t)(r > {{p.Max}}.0f ? {{p.Max}}.0f : r < {{p.Min}}.0f ? {{p.Min}}.0f : r);
                """,
        };
        var type = CFormat.TypeOf(input.Type);
        var code = $$"""
            EG_KERNEL void {{ctx.FunctionName}}(const {{type}} *input, {{CFormat.TypeOf(output.Type)}} *output, int32_t *sum)
            {
                int o, {{string.Join(", ", Enumerable.Range(0, rank).Select(d => $"i{d}"))}};
                for (o = 0; o < {{output.Shape.ElementCount}}; ++o) sum[o] = 0;
            {{loops}}        sum[{{slot}}] = (int32_t)((uint32_t)sum[{{slot}}] + (uint32_t)(int32_t)*input++);
                for (o = 0; o < {{output.Shape.ElementCount}}; ++o) {
            {{finish}}
                }
            }

            """;
        return new CKernel(code, $"{ctx.FunctionName}({ctx.Pointer(op.Inputs[0])}, {ctx.Pointer(op.Output)}, {ctx.ScratchPointer("int32_t")});", p.Path.ToString());
    }
}
