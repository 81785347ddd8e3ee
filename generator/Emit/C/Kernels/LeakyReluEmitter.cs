using EdgeGen.Ir;
using EdgeGen.Ir.Ops;
using EdgeGen.Targets;
using EdgeGen.Numerics.Params;

namespace EdgeGen.Emit.C.Kernels;

/// <summary>LEAKY_RELU (int8, int16): TFLite Micro's two multipliers, picked per element by the sign of x - zero point.</summary>
public sealed class LeakyReluEmitter : CKernelVariant<LeakyRelu>
{
    public override string Name => "generic";
    public override long EstimatedInstructions(Graph graph, LeakyRelu op, TargetSpec target) => 12L * graph[op.Output].Shape.ElementCount;

    protected override CKernel Emit(CKernelContext ctx, LeakyRelu op)
    {
        var input = ctx.InputTensor(0);
        if (input.Type == DataType.Float32) throw new EdgeGenException($"operator #{ctx.Index} LEAKY_RELU: float tensors are not supported by the C generator");
        var p = LeakyReluParams.For(input, ctx.OutputTensor, op.Alpha);
        var type = CFormat.TypeOf(input.Type);
        var code = $$"""
            EG_KERNEL void {{ctx.FunctionName}}(const {{type}} *input, {{type}} *output)
            {
                int i;
                for (i = 0; i < {{input.Shape.ElementCount}}; ++i) {
                    const int32_t x = (int32_t)input[i] - {{p.InputZeroPoint}};
                    const int32_t v = x >= 0 ? eg_requantize(x, {{p.Identity.Multiplier}}, {{p.Identity.Shift}}) : eg_requantize(x, {{p.Alpha.Multiplier}}, {{p.Alpha.Shift}});
                    output[i] = ({{type}})eg_clamp({{p.OutputZeroPoint}} + v, {{p.Min}}, {{p.Max}});
                }
            }

            """;
        return new CKernel(code, $"{ctx.FunctionName}({ctx.Pointer(op.Inputs[0])}, {ctx.Pointer(op.Output)});", "generic");
    }
}
