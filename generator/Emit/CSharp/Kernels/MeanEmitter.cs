using System.Text;
using EdgeGen.Ir;
using EdgeGen.Ir.Ops;
using EdgeGen.Numerics.Params;
using EdgeGen.Targets;

namespace EdgeGen.Emit.CSharp.Kernels;

/// <summary>
/// MEAN (int8, int16): int sums of the raw inputs per output slot (arena scratch, wrapping like
/// the C kernel's uint32 sums), then TFLite Micro's path for the tensors' quantization (see <see cref="MeanParams"/>).
/// </summary>
public sealed class MeanEmitter : CSharpKernelEmitter<Mean>
{
    public override int ScratchBytes(Graph graph, Mean op, TargetSpec target) => graph[op.Output].Shape.ElementCount * 4;

    protected override CSharpKernel Emit(CSharpKernelContext ctx, Mean op)
    {
        var g = ctx.Graph;
        var input = ctx.InputTensor(0);
        var output = ctx.OutputTensor;
        if (input.Type == DataType.Float32) throw new EdgeGenException($"operator #{ctx.Index} MEAN: float tensors are not supported by the C# generator");
        var p = MeanParams.For(op, g);
        var rank = input.Shape.Rank;
        var (outStride, count) = op.Slots(g);
        var loops = new StringBuilder();
        for (var d = 0; d < rank; d++) loops.Append(' ', 4 * d).Append($"for (int i{d} = 0; i{d} < {input.Shape[d]}; ++i{d})\n");
        var slot = string.Join(" + ", Enumerable.Range(0, rank).Where(d => outStride[d] != 0).Select(d => $"i{d} * {outStride[d]}").DefaultIfEmpty("0"));
        var outType = CSharpFormat.TypeOf(output.Type);
        var finish = p.Path switch
        {
            MeanPath.SpatialKeepDims => $$"""
                    int acc = FixedPoint.Requantize(unchecked(sum[o] - {{CSharpFormat.Int(count * p.InputZeroPoint)}}), {{p.Multiplier.Multiplier}}, {{p.Multiplier.Shift}});
                    acc = acc > 0 ? (acc + {{count / 2}}) / {{count}} : (acc - {{count / 2}}) / {{count}};
                    output[o] = ({{outType}})FixedPoint.Clamp(acc + {{CSharpFormat.Int(p.OutputZeroPoint)}}, {{CSharpFormat.Int(p.Min)}}, {{CSharpFormat.Int(p.Max)}});
                """,
            MeanPath.SameQuantization => $$"""
                    output[o] = ({{outType}})(sum[o] / {{count}});
                """,
            _ => $$"""
                    float mean = (float)sum[o] / {{count}}.0f;
                    float r = mean * {{CSharpFormat.Float(p.Scale)}} + {{CSharpFormat.Float(-p.InputZeroPoint * p.Scale)}};
                    float t = (float)(int)r;
                    r = (r - t >= 0.5f) ? t + 1.0f : (r - t <= -0.5f) ? t - 1.0f : t;
                    r += {{p.OutputZeroPoint}}.0f;
                    output[o] = ({{outType}})(int)(r > {{p.Max}}.0f ? {{p.Max}}.0f : r < {{p.Min}}.0f ? {{p.Min}}.0f : r);
                """,
        };
        var type = CSharpFormat.TypeOf(input.Type);
        var body = $$"""
            new Span<int>(sum, {{output.Shape.ElementCount}}).Clear();
            {{loops}}{{new string(' ', 4 * rank)}}sum[{{slot}}] = unchecked(sum[{{slot}}] + *input++);
            for (int o = 0; o < {{output.Shape.ElementCount}}; ++o)
            {
            {{finish}}
            }
            """;
        var code = CSharpMethod.Static(ctx.MethodName, $"{type}* input, {outType}* output, int* sum", body);
        return new CSharpKernel(code, $"{ctx.MethodName}({ctx.Pointer(op.Inputs[0])}, {ctx.Pointer(op.Output)}, {ctx.ScratchPointer("int")});", p.Path.ToString());
    }
}
