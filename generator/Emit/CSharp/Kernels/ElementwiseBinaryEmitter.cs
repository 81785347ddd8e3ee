using EdgeGen.Ir;
using EdgeGen.Ir.Ops;
using EdgeGen.Numerics.Params;

namespace EdgeGen.Emit.CSharp.Kernels;

/// <summary>ADD and SUB with TFLite's general rescaling; same-shape operands in one loop, broadcast through index strides.</summary>
public sealed class AddEmitter : CSharpKernelEmitter<Add>
{
    protected override CSharpKernel Emit(CSharpKernelContext ctx, Add op) => BinaryEmitter.Emit(ctx, op, "+");
}

public sealed class SubEmitter : CSharpKernelEmitter<Sub>
{
    protected override CSharpKernel Emit(CSharpKernelContext ctx, Sub op) => BinaryEmitter.Emit(ctx, op, "-");
}

internal static class BinaryEmitter
{
    public static CSharpKernel Emit(CSharpKernelContext ctx, ElementwiseBinary op, string sign)
    {
        var a = ctx.InputTensor(0);
        var b = ctx.InputTensor(1);
        var output = ctx.OutputTensor;
        if (a.Type == DataType.Float32) throw new EdgeGenException($"operator #{ctx.Index} {op.Kind}: float tensors are not supported by the C# generator");
        var p = AddParams.For(a, b, output, op.Activation);
        var type = CSharpFormat.TypeOf(a.Type);
        var loop = BroadcastLoop.For(a.Shape, b.Shape, output.Shape);
        var body = $$"""
            {{loop.Open}}
                int x1 = (a[{{loop.IndexA}}] + {{p.Input1Offset}}) * {{1 << p.LeftShift}};
                int x2 = (b[{{loop.IndexB}}] + {{p.Input2Offset}}) * {{1 << p.LeftShift}};
                int s1 = FixedPoint.Rdbpot(FixedPoint.Srdhm(x1, {{p.Input1.Multiplier}}), {{-p.Input1.Shift}});
                int s2 = FixedPoint.Rdbpot(FixedPoint.Srdhm(x2, {{p.Input2.Multiplier}}), {{-p.Input2.Shift}});
                int v = FixedPoint.Rdbpot(FixedPoint.Srdhm(s1 {{sign}} s2, {{p.Output.Multiplier}}), {{-p.Output.Shift}}) + {{p.OutputOffset}};
                output[{{loop.IndexOut}}] = ({{type}})FixedPoint.Clamp(v, {{p.Range.Min}}, {{p.Range.Max}});
            {{loop.Close}}
            """;
        var code = CSharpMethod.Static(ctx.MethodName, $"{type}* a, {type}* b, {type}* output", body);
        return new CSharpKernel(code, ctx.Call(op.Inputs[0], op.Inputs[1], op.Output), "generic");
    }
}
