using EdgeGen.Ir;
using EdgeGen.Ir.Ops;
using EdgeGen.Numerics.Params;

namespace EdgeGen.Emit.CSharp.Kernels;

/// <summary>
/// QUANTIZE: integer input is requantized with the multiplier of input_scale / output_scale; float
/// input is divided by the scale in float and rounded half away from zero, as the reference does.
/// </summary>
public sealed class QuantizeEmitter : CSharpKernelEmitter<Quantize>
{
    protected override CSharpKernel Emit(CSharpKernelContext ctx, Quantize op)
    {
        var input = ctx.InputTensor(0);
        var output = ctx.OutputTensor;
        var (min, max) = output.Type.IntegerRange();
        var inType = CSharpFormat.TypeOf(input.Type);
        var outType = CSharpFormat.TypeOf(output.Type);
        string value;
        if (input.Type == DataType.Float32)
        {
            value = $"(long)MathF.Round(input[i] / {CSharpFormat.Float(output.Quant.Scale)}, MidpointRounding.AwayFromZero) + {output.Quant.ZeroPoint}";
        }
        else
        {
            var p = RequantizeParams.For(input, output);
            value = $"(long)FixedPoint.Requantize(input[i] - {CSharpFormat.Int(p.InputZeroPoint)}, {p.Multiplier.Multiplier}, {p.Multiplier.Shift}) + {p.OutputZeroPoint}";
        }
        var body = $$"""
            for (int i = 0; i < {{output.Shape.ElementCount}}; ++i)
            {
                long v = {{value}};
                output[i] = ({{outType}})(v < {{CSharpFormat.Int(min)}} ? {{CSharpFormat.Int(min)}} : v > {{CSharpFormat.Int(max)}} ? {{CSharpFormat.Int(max)}} : v);
            }
            """;
        var code = CSharpMethod.Static(ctx.MethodName, $"{inType}* input, {outType}* output", body);
        return new CSharpKernel(code, ctx.Call(op.Inputs[0], op.Output), "generic");
    }
}

/// <summary>DEQUANTIZE: float(scale * (q - zero_point)) with the scale as a double, as the reference computes it.</summary>
public sealed class DequantizeEmitter : CSharpKernelEmitter<Dequantize>
{
    protected override CSharpKernel Emit(CSharpKernelContext ctx, Dequantize op)
    {
        var input = ctx.InputTensor(0);
        var body = $"""
            for (int i = 0; i < {input.Shape.ElementCount}; ++i)
                output[i] = (float)((double){CSharpFormat.Float(input.Quant.Scale)} * (input[i] - {CSharpFormat.Int(input.Quant.ZeroPoint)}));
            """;
        var code = CSharpMethod.Static(ctx.MethodName, $"{CSharpFormat.TypeOf(input.Type)}* input, float* output", body);
        return new CSharpKernel(code, ctx.Call(op.Inputs[0], op.Output), "generic");
    }
}
