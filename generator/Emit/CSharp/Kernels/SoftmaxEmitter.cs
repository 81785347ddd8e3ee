using EdgeGen.Ir;
using EdgeGen.Ir.Ops;
using EdgeGen.Numerics.Params;

namespace EdgeGen.Emit.CSharp.Kernels;

/// <summary>
/// SOFTMAX (int8): the fixed-point exp of every possible difference to the row maximum comes from
/// the table <see cref="SoftmaxParams.Int8ExpTable"/> derives at generation time (the C kernel's
/// table); the kernel sums, takes TFLite's fixed-point reciprocal and scales.
/// </summary>
public sealed class SoftmaxEmitter : CSharpKernelEmitter<Softmax>
{
    protected override CSharpKernel Emit(CSharpKernelContext ctx, Softmax op)
    {
        var input = ctx.InputTensor(0);
        var output = ctx.OutputTensor;
        if (input.Type != DataType.Int8) throw new EdgeGenException($"operator #{ctx.Index} SOFTMAX: only int8 is supported by the C# generator");
        var p = SoftmaxParams.For(op.Beta, input, output);
        var depth = input.Shape[-1];
        var rows = input.Shape.ElementCount / depth;
        var maxDiff = p.Int8MaxDifference;
        var exp = ctx.Symbol("Exp");
        var type = CSharpFormat.TypeOf(output.Type);
        var bits = SoftmaxParams.AccumulationIntegerBits;
        var body = $$"""
            for (int r = 0; r < {{rows}}; ++r)
            {
                sbyte* x = input + r * {{depth}};
                {{type}}* y = output + r * {{depth}};
                int max = x[0];
                for (int c = 1; c < {{depth}}; ++c) if (x[c] > max) max = x[c];
                uint sum = 0;
                for (int c = 0; c < {{depth}}; ++c)
                {
                    int k = max - x[c];
                    if (k <= {{maxDiff}}) sum += (uint)FixedPoint.Rdbpot(exp[k], {{bits}});
                }
                int scale = SoftmaxMath.Reciprocal((int)sum, {{bits}}, out int bits);
                for (int c = 0; c < {{depth}}; ++c)
                {
                    int k = max - x[c];
                    int v = {{p.OutputMin}};
                    if (k <= {{maxDiff}}) v = FixedPoint.Clamp(FixedPoint.Rdbpot(FixedPoint.Srdhm(scale, exp[k]), bits + {{31 - p.OutputBits}}) + {{p.OutputMin}}, {{p.OutputMin}}, {{p.OutputMax}});
                    y[c] = ({{type}})v;
                }
            }
            """;
        var code = CSharpFormat.Int32Data(exp, p.Int8ExpTable())
            + CSharpMethod.Static(ctx.MethodName, $"sbyte* input, {type}* output", body, [$"fixed (int* exp = {exp})"]);
        return new CSharpKernel(code, ctx.Call(op.Inputs[0], op.Output), "exp-table");
    }
}
