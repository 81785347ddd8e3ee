using EdgeGen.Emit.C.Kernels.Neon;
using EdgeGen.Ir;
using EdgeGen.Ir.Ops;
using EdgeGen.Numerics.Params;

namespace EdgeGen.Emit.C.Kernels;

/// <summary>ADD and SUB with TFLite's general rescaling; same-shape operands in one loop, broadcast through index strides.</summary>
public sealed class AddEmitter : CKernelEmitter<Add>
{
    protected override CKernel Emit(CKernelContext ctx, Add op) => BinaryEmitter.Emit(ctx, op, "+");
}

public sealed class SubEmitter : CKernelEmitter<Sub>
{
    protected override CKernel Emit(CKernelContext ctx, Sub op) => BinaryEmitter.Emit(ctx, op, "-");
}

internal static class BinaryEmitter
{
    public static CKernel Emit(CKernelContext ctx, ElementwiseBinary op, string sign)
    {
        if (NeonElementwise.Supports(ctx.Graph, op, ctx.Target)) return NeonElementwise.Emit(ctx, op, subtract: sign == "-");
        var a = ctx.InputTensor(0);
        var b = ctx.InputTensor(1);
        var output = ctx.OutputTensor;
        if (a.Type == DataType.Float32) throw new EdgeGenException($"operator #{ctx.Index} {op.Kind}: float tensors are not supported by the C generator");
        var p = AddParams.For(a, b, output, op.Activation);
        var type = CFormat.TypeOf(a.Type);
        var loop = BroadcastLoop.For(a.Shape, b.Shape, output.Shape);
        var restrict = ctx.Restrict;
        var (defA, operandA) = ctx.Operand(0);
        var (defB, operandB) = ctx.Operand(1);
        var code = $$"""
            {{defA}}{{defB}}static void {{ctx.FunctionName}}(const {{type}} *{{restrict}}a, const {{type}} *{{restrict}}b, {{type}} *{{restrict}}output)
            {
            {{loop.Open}}
                    const int32_t x1 = ((int32_t)a[{{loop.IndexA}}] + {{p.Input1Offset}}) * {{1 << p.LeftShift}};
                    const int32_t x2 = ((int32_t)b[{{loop.IndexB}}] + {{p.Input2Offset}}) * {{1 << p.LeftShift}};
                    const int32_t s1 = eg_rdbpot(eg_srdhm(x1, {{p.Input1.Multiplier}}), {{-p.Input1.Shift}});
                    const int32_t s2 = eg_rdbpot(eg_srdhm(x2, {{p.Input2.Multiplier}}), {{-p.Input2.Shift}});
                    const int32_t v = eg_rdbpot(eg_srdhm(s1 {{sign}} s2, {{p.Output.Multiplier}}), {{-p.Output.Shift}}) + {{p.OutputOffset}};
                    output[{{loop.IndexOut}}] = ({{type}})eg_clamp(v, {{p.Range.Min}}, {{p.Range.Max}});
            {{loop.Close}}
            }

            """;
        return new CKernel(code, $"{ctx.FunctionName}({operandA}, {operandB}, {ctx.Pointer(op.Output)});", "generic");
    }
}
