using EdgeGen.Ir;
using EdgeGen.Ir.Ops;
using EdgeGen.Numerics;
using EdgeGen.Numerics.Params;
using EdgeGen.Targets;

namespace EdgeGen.Emit.C.Kernels.Neon;

/// <summary>
/// int8 ADD and SUB of same-shape operands with NEON: TFLite's general rescaling, 16 elements per
/// step (runtime/c/edgegen_neon.h, eg_neon_add). Broadcasts and int16 stay with the portable kernel.
/// </summary>
internal static class NeonElementwise
{
    public static bool Supports(Graph graph, ElementwiseBinary op, TargetSpec target)
    {
        var a = graph[op.Inputs[0]];
        var b = graph[op.Inputs[1]];
        var output = graph[op.Output];
        return NeonGemm.Available(target) && a.Type == DataType.Int8 && b.Type == DataType.Int8 && output.Type == DataType.Int8
            && a.Shape.Equals(output.Shape) && b.Shape.Equals(output.Shape);
    }

    public static CKernel Emit(CKernelContext ctx, ElementwiseBinary op, bool subtract)
    {
        var output = ctx.OutputTensor;
        var p = AddParams.For(ctx.InputTensor(0), ctx.InputTensor(1), output, op.Activation);
        var (defA, operandA) = ctx.Operand(0);
        var (defB, operandB) = ctx.Operand(1);
        var clamp = p.Range.Min > -128 || p.Range.Max < 127;
        var code = $$"""
            {{defA}}{{defB}}static const eg_neon_add_t {{ctx.Symbol("params")}} = {
                {{p.Input1Offset}}, {{p.Input2Offset}}, {{Stage(p.Input1)}}, {{Stage(p.Input2)}}, {{Stage(p.Output)}},
                { 0, 0, 0, 0, {{p.OutputOffset}}, {{p.Range.Min}}, {{p.Range.Max}}, 0, {{(clamp ? 1 : 0)}} }, {{(subtract ? 1 : 0)}}
            };

            EG_KERNEL void {{ctx.FunctionName}}(const int8_t *{{ctx.Restrict}}a, const int8_t *{{ctx.Restrict}}b, int8_t *{{ctx.Restrict}}output)
            {
                eg_neon_add(a, b, output, {{output.Shape.ElementCount}}, &{{ctx.Symbol("params")}});
            }

            """;
        return new CKernel(code, $"{ctx.FunctionName}({operandA}, {operandB}, {ctx.Pointer(op.Output)});", "neon-elementwise");
    }

    /// <summary>A multiplier below one as "multiplier, minus the right shift".</summary>
    private static string Stage(QuantizedMultiplier m) => $"{CFormat.Int(m.Multiplier)}, {m.Shift}";
}
