using EdgeGen.Ir;
using EdgeGen.Ir.Ops;
using EdgeGen.Numerics;
using EdgeGen.Numerics.Params;
using EdgeGen.Targets;

namespace EdgeGen.Emit.C.Kernels;

/// <summary>
/// SOFTMAX (int8): the fixed-point exp of every possible difference to the row maximum is computed
/// at generation time by the reference code into a table; the kernel sums, takes TFLite's
/// fixed-point reciprocal and scales, bit-exact with the reference.
/// </summary>
public sealed class SoftmaxEmitter : CKernelVariant<Softmax>
{
    public override string Name => "exp_table";
    public override long EstimatedInstructions(Graph graph, Softmax op, TargetSpec target) => 40L * graph[op.Output].Shape.ElementCount + 200;

    protected override CKernel Emit(CKernelContext ctx, Softmax op)
    {
        var input = ctx.InputTensor(0);
        var output = ctx.OutputTensor;
        if (input.Type != DataType.Int8) throw new EdgeGenException($"operator #{ctx.Index} SOFTMAX: only int8 is supported by the C generator");
        var p = SoftmaxParams.For(op.Beta, input, output);
        var depth = input.Shape[-1];
        var rows = input.Shape.ElementCount / depth;
        var maxDiff = p.Int8MaxDifference;
        var table = p.Int8ExpTable();
        var exp = ctx.Symbol("exp");
        var type = CFormat.TypeOf(output.Type);
        var code = $$"""
            {{CFormat.Int32Array(exp, table)}}
            EG_KERNEL void {{ctx.FunctionName}}(const int8_t *input, {{type}} *output)
            {
                int r, c;
                for (r = 0; r < {{rows}}; ++r) {
                    const int8_t *x = input + r * {{depth}};
                    {{type}} *y = output + r * {{depth}};
                    int32_t max = x[0];
                    uint32_t sum = 0;
                    int bits;
                    int32_t scale;
                    for (c = 1; c < {{depth}}; ++c) if (x[c] > max) max = x[c];
                    for (c = 0; c < {{depth}}; ++c) {
                        const int32_t k = max - x[c];
                        if (k <= {{maxDiff}}) sum += (uint32_t)eg_rdbpot({{exp}}[k], {{SoftmaxParams.AccumulationIntegerBits}});
                    }
                    scale = eg_reciprocal((int32_t)sum, {{SoftmaxParams.AccumulationIntegerBits}}, &bits);
                    for (c = 0; c < {{depth}}; ++c) {
                        const int32_t k = max - x[c];
                        int32_t v = {{p.OutputMin}};
                        if (k <= {{maxDiff}}) v = eg_clamp(eg_rdbpot(eg_srdhm(scale, {{exp}}[k]), bits + {{31 - p.OutputBits}}) + {{p.OutputMin}}, {{p.OutputMin}}, {{p.OutputMax}});
                        y[c] = ({{type}})v;
                    }
                }
            }

            """;
        return new CKernel(code, $"{ctx.FunctionName}({ctx.Pointer(op.Inputs[0])}, {ctx.Pointer(op.Output)});", "exp-table") { Headers = ["edgegen_softmax.h"] };
    }
}
