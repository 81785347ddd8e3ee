using EdgeGen.Ir;
using EdgeGen.Ir.Ops;
using EdgeGen.Numerics.Params;

namespace EdgeGen.Emit.CSharp.Kernels;

/// <summary>LEAKY_RELU (int8, int16): TFLite Micro's two multipliers, picked per element by the sign of x - zero point.</summary>
public sealed class LeakyReluEmitter : CSharpKernelEmitter<LeakyRelu>
{
    protected override CSharpKernel Emit(CSharpKernelContext ctx, LeakyRelu op)
    {
        var input = ctx.InputTensor(0);
        if (input.Type == DataType.Float32) throw new EdgeGenException($"operator #{ctx.Index} LEAKY_RELU: float tensors are not supported by the C# generator");
        var p = LeakyReluParams.For(input, ctx.OutputTensor, op.Alpha);
        var type = CSharpFormat.TypeOf(input.Type);
        var body = $$"""
            for (int i = 0; i < {{input.Shape.ElementCount}}; ++i)
            {
                int x = input[i] - {{CSharpFormat.Int(p.InputZeroPoint)}};
                int v = x >= 0 ? FixedPoint.Requantize(x, {{p.Identity.Multiplier}}, {{p.Identity.Shift}}) : FixedPoint.Requantize(x, {{p.Alpha.Multiplier}}, {{p.Alpha.Shift}});
                output[i] = ({{type}})FixedPoint.Clamp({{CSharpFormat.Int(p.OutputZeroPoint)}} + v, {{CSharpFormat.Int(p.Min)}}, {{CSharpFormat.Int(p.Max)}});
            }
            """;
        var code = CSharpMethod.Static(ctx.MethodName, $"{type}* input, {type}* output", body);
        return new CSharpKernel(code, ctx.Call(op.Inputs[0], op.Output), "generic");
    }
}
