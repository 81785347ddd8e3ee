using System.Text;
using EdgeGen.Ir;
using EdgeGen.Ir.Ops;
using EdgeGen.Targets;

namespace EdgeGen.Emit.C.Kernels;

/// <summary>
/// CONCATENATION: per input, its rows copied into place (memcpy when it shares the output's
/// quantization, else requantized in float as TFLite's ConcatenationWithScaling does).
/// </summary>
public sealed class ConcatenationEmitter : CKernelVariant<Concatenation>
{
    public override string Name => "generic";
    public override long EstimatedInstructions(Graph graph, Concatenation op, TargetSpec target) => 4L * graph[op.Output].Shape.ElementCount;

    protected override CKernel Emit(CKernelContext ctx, Concatenation op)
    {
        var g = ctx.Graph;
        var output = ctx.OutputTensor;
        var axis = op.NormalizedAxis(g);
        var outer = output.Shape.Dims.Take(axis).Aggregate(1, (a, b) => a * b);
        var inner = output.Shape.Dims.Skip(axis + 1).Aggregate(1, (a, b) => a * b);
        var outRow = output.Shape[axis] * inner;
        var type = CFormat.TypeOf(output.Type);
        var size = output.Type.SizeInBytes();
        var quantized = output.Type is DataType.Int8 or DataType.Int16;
        var definitions = new StringBuilder();
        var body = new StringBuilder();
        var parameters = new List<string>();
        var arguments = new List<string>();
        var offset = 0;
        for (var k = 0; k < op.Inputs.Length; k++)
        {
            var t = g[op.Inputs[k]];
            var (def, expr) = ctx.Operand(k);
            definitions.Append(def);
            parameters.Add($"const {type} *in{k}");
            arguments.Add(expr);
            var chunk = t.Shape[axis] * inner;
            var same = !quantized || (t.Quant.Scale == output.Quant.Scale && t.Quant.ZeroPoint == output.Quant.ZeroPoint);
            if (same)
            {
                body.Append($"    for (o = 0; o < {outer}; ++o) memcpy(output + o * {outRow} + {offset}, in{k} + o * {chunk}, {chunk * size});\n");
            }
            else
            {
                var scale = t.Quant.Scale * (1f / output.Quant.Scale);
                var bias = -t.Quant.ZeroPoint * scale;
                var (min, max) = output.Type.IntegerRange();
                body.Append($$"""
                        for (o = 0; o < {{outer}}; ++o)
                            for (i = 0; i < {{chunk}}; ++i) {
                                float r = (float)in{{k}}[o * {{chunk}} + i] * {{CFormat.Float(scale)}} + {{CFormat.Float(bias)}};
                                const float t = (float)(int32_t)r;
                                int32_t v;
                                r = (r - t >= 0.5f) ? t + 1.0f : (r - t <= -0.5f) ? t - 1.0f : t;
                                v = (int32_t)r + {{output.Quant.ZeroPoint}};
                                output[o * {{outRow}} + {{offset}} + i] = ({{type}})eg_clamp(v, {{min}}, {{max}});
                            }

                    """);
            }
            offset += chunk;
        }
        var code = $$"""
            {{definitions}}EG_KERNEL void {{ctx.FunctionName}}({{string.Join(", ", parameters)}}, {{type}} *output)
            {
                int o, i;
                (void)i;
            {{body}}}

            """;
        return new CKernel(code, $"{ctx.FunctionName}({string.Join(", ", arguments)}, {ctx.Pointer(op.Output)});", "copy");
    }
}
