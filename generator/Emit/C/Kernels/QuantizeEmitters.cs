using EdgeGen.Ir;
using EdgeGen.Ir.Ops;
using EdgeGen.Numerics;
using EdgeGen.Targets;
using EdgeGen.Numerics.Params;

namespace EdgeGen.Emit.C.Kernels;

/// <summary>
/// QUANTIZE: integer input is requantized with the multiplier of input_scale / output_scale;
/// float input is divided by the scale and rounded half away from zero without libm (the
/// fraction test is exact for |x| &lt; 2^24, beyond which floats are integers anyway).
/// </summary>
public sealed class QuantizeEmitter : CKernelVariant<Quantize>
{
    public override string Name => "generic";
    public override long EstimatedInstructions(Graph graph, Quantize op, TargetSpec target) => 20L * graph[op.Output].Shape.ElementCount;

    protected override CKernel Emit(CKernelContext ctx, Quantize op)
    {
        var input = ctx.InputTensor(0);
        var output = ctx.OutputTensor;
        var (min, max) = output.Type.IntegerRange();
        var inType = CFormat.TypeOf(input.Type);
        var outType = CFormat.TypeOf(output.Type);
        var n = output.Shape.ElementCount;
        string body;
        if (input.Type == DataType.Float32)
        {
            body = $$"""
                    const float q = input[i] / {{CFormat.Float(output.Quant.Scale)}};
                    int64_t r = (int64_t)q;
                    const float frac = q - (float)r;
                    if (frac >= 0.5f) ++r; else if (frac <= -0.5f) --r;
                    r += {{output.Quant.ZeroPoint}};
                    output[i] = ({{outType}})(r < {{min}} ? {{min}} : r > {{max}} ? {{max}} : r);
            """;
        }
        else
        {
            var m = RequantizeParams.For(input, output).Multiplier;
            body = $$"""
                    const int64_t v = (int64_t)eg_requantize((int32_t)input[i] - {{CFormat.Int(input.Quant.ZeroPoint)}}, {{m.Multiplier}}, {{m.Shift}}) + {{output.Quant.ZeroPoint}};
                    output[i] = ({{outType}})(v < {{CFormat.Int(min)}} ? {{CFormat.Int(min)}} : v > {{max}} ? {{max}} : v);
            """;
        }
        var code = $$"""
            EG_KERNEL void {{ctx.FunctionName}}(const {{inType}} *input, {{outType}} *output)
            {
                int i;
                for (i = 0; i < {{n}}; ++i) {
            {{body}}
                }
            }

            """;
        return new CKernel(code, $"{ctx.FunctionName}({ctx.Pointer(op.Inputs[0])}, {ctx.Pointer(op.Output)});", "generic");
    }
}

/// <summary>DEQUANTIZE: float(scale * (q - zero_point)) with the scale as a double, as the reference computes it.</summary>
public sealed class DequantizeEmitter : CKernelVariant<Dequantize>
{
    public override string Name => "generic";
    public override long EstimatedInstructions(Graph graph, Dequantize op, TargetSpec target) => 10L * graph[op.Output].Shape.ElementCount;

    protected override CKernel Emit(CKernelContext ctx, Dequantize op)
    {
        var input = ctx.InputTensor(0);
        var code = $$"""
            EG_KERNEL void {{ctx.FunctionName}}(const {{CFormat.TypeOf(input.Type)}} *input, float *output)
            {
                int i;
                for (i = 0; i < {{input.Shape.ElementCount}}; ++i)
                    output[i] = (float)({{CFormat.Float(input.Quant.Scale)}} * (double)((int32_t)input[i] - {{CFormat.Int(input.Quant.ZeroPoint)}}));
            }

            """;
        return new CKernel(code, $"{ctx.FunctionName}({ctx.Pointer(op.Inputs[0])}, {ctx.Pointer(op.Output)});", "generic");
    }
}
