using System.Text;
using EdgeGen.Ir;
using EdgeGen.Ir.Ops;

namespace EdgeGen.Emit.CSharp.Kernels;

/// <summary>
/// CONCATENATION: per input, its rows copied into place (a span copy when it shares the output's
/// quantization, else requantized in float as TFLite's ConcatenationWithScaling does).
/// </summary>
public sealed class ConcatenationEmitter : CSharpKernelEmitter<Concatenation>
{
    protected override CSharpKernel Emit(CSharpKernelContext ctx, Concatenation op)
    {
        var g = ctx.Graph;
        var output = ctx.OutputTensor;
        var axis = op.NormalizedAxis(g);
        var outer = output.Shape.Dims.Take(axis).Aggregate(1, (a, b) => a * b);
        var inner = output.Shape.Dims.Skip(axis + 1).Aggregate(1, (a, b) => a * b);
        var outRow = output.Shape[axis] * inner;
        var type = CSharpFormat.TypeOf(output.Type);
        var quantized = output.Type is DataType.Int8 or DataType.Int16;
        var body = new StringBuilder();
        var parameters = new List<string>();
        var arguments = new List<int>();
        var definitions = new StringBuilder();
        var pinned = new List<string>();
        var offset = 0;
        for (var k = 0; k < op.Inputs.Length; k++)
        {
            var t = g[op.Inputs[k]];
            if (t.IsConstant)
            {
                // A constant input is static data of the model class, pinned for the call.
                var name = ctx.Symbol($"Input{k}");
                definitions.Append(t.Type switch
                {
                    DataType.Int8 => CSharpFormat.Int8Data(name, t.Int8Data.ToArray()),
                    DataType.Int16 => CSharpFormat.Int16Data(name, t.Int16Data.ToArray()),
                    DataType.Int32 => CSharpFormat.Int32Data(name, t.Int32Data.ToArray()),
                    _ => throw new EdgeGenException($"operator #{ctx.Index} CONCATENATION: constant input '{t.Name}' of type {t.Type.DisplayName()} is not supported by the C# generator"),
                });
                pinned.Add($"fixed ({type}* in{k} = {name})");
            }
            else
            {
                parameters.Add($"{type}* in{k}");
                arguments.Add(op.Inputs[k]);
            }
            var chunk = t.Shape[axis] * inner;
            var same = !quantized || (t.Quant.Scale == output.Quant.Scale && t.Quant.ZeroPoint == output.Quant.ZeroPoint);
            if (same)
            {
                body.Append($"for (int o = 0; o < {outer}; ++o) new ReadOnlySpan<{type}>(in{k} + o * {chunk}, {chunk}).CopyTo(new Span<{type}>(output + o * {outRow} + {offset}, {chunk}));\n");
            }
            else
            {
                // float32 arithmetic, rounded half away from zero, exactly as the reference and the C kernel do it.
                var scale = t.Quant.Scale * (1f / output.Quant.Scale);
                var bias = -t.Quant.ZeroPoint * scale;
                var (min, max) = output.Type.IntegerRange();
                body.Append($$"""
                    for (int o = 0; o < {{outer}}; ++o)
                        for (int i = 0; i < {{chunk}}; ++i)
                        {
                            float r = (float)in{{k}}[o * {{chunk}} + i] * {{CSharpFormat.Float(scale)}} + {{CSharpFormat.Float(bias)}};
                            float t = (float)(int)r;
                            r = (r - t >= 0.5f) ? t + 1.0f : (r - t <= -0.5f) ? t - 1.0f : t;
                            output[o * {{outRow}} + {{offset}} + i] = ({{type}})FixedPoint.Clamp((int)r + {{output.Quant.ZeroPoint}}, {{CSharpFormat.Int(min)}}, {{CSharpFormat.Int(max)}});
                        }

                    """);
            }
            offset += chunk;
        }
        var code = definitions + CSharpMethod.Static(ctx.MethodName, string.Join(", ", [.. parameters, $"{type}* output"]), body.ToString(), pinned);
        return new CSharpKernel(code, ctx.Call([.. arguments, op.Output]), "copy");
    }
}
