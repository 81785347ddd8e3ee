using EdgeGen.Ir;
using EdgeGen.Ir.Ops;
using EdgeGen.Numerics;
using EdgeGen.Numerics.Params;
using EdgeGen.Targets;

namespace EdgeGen.Emit.C.Kernels;

/// <summary>ADD int8 through two 256-entry tables (<see cref="LutBinary"/>).</summary>
public sealed class AddLut : CKernelVariant<Add>
{
    public override string Name => "lut";
    public override bool Applies(Graph graph, Add op, TargetSpec target) => LutBinary.Applies(graph, op, target, subtract: false);
    public override long EstimatedInstructions(Graph graph, Add op, TargetSpec target) => LutBinary.Estimate(graph, op);
    protected override CKernel Emit(CKernelContext ctx, Add op) => LutBinary.Emit(ctx, op, subtract: false, Name);
}

/// <summary>SUB int8 through two 256-entry tables (<see cref="LutBinary"/>).</summary>
public sealed class SubLut : CKernelVariant<Sub>
{
    public override string Name => "lut";
    public override bool Applies(Graph graph, Sub op, TargetSpec target) => LutBinary.Applies(graph, op, target, subtract: true);
    public override long EstimatedInstructions(Graph graph, Sub op, TargetSpec target) => LutBinary.Estimate(graph, op);
    protected override CKernel Emit(CKernelContext ctx, Sub op) => LutBinary.Emit(ctx, op, subtract: true, Name);
}

/// <summary>
/// TFLite's int8 ADD/SUB rescales each input on its own (offset, shift left by 20, multiply, round) before the sum,
/// so that half of the arithmetic is a function of one int8 value: two tables of 256 int32 computed at generation
/// time with the reference's own fixed-point functions (the second negated for SUB) replace it. The sum is then
/// requantized once in the exact fast form (SMMLAR), proven for the largest |sum| the tables allow; the tables hold
/// their values already shifted left by the fast form's left shift (the proof bounds the shifted sum to 31 bits, so
/// every entry and the sum fit, and the sign the rounding fix reads is the unshifted sum's). 2 KiB of flash per
/// operator; used on the cores with the DSP extension, where ADDs of residual networks are a tenth of the time.
/// </summary>
internal static class LutBinary
{
    private sealed record Tables(int[] A, int[] B, FastRequantizer Output, ActivationRange Range);

    public static bool Applies(Graph graph, ElementwiseBinary op, TargetSpec target, bool subtract) =>
        target.Has("dsp") && Create(graph, op, subtract) is not null;

    /// <summary>Elements per iteration of the unrolled loop (operands of the output's shape): a quarter of the loop's steps.</summary>
    private const int Unroll = 4;

    /// <summary>
    /// Per element two byte loads, two table loads, the add, SMMLAR, SSAT with the shift, the store: 8, and the loop
    /// once per <see cref="Unroll"/> (resnet's ADDs on the M4: 9.1 per element run); broadcast loops about 14.
    /// </summary>
    public static long Estimate(Graph graph, ElementwiseBinary op) =>
        (Unrolled(graph[op.Inputs[0]].Shape, graph[op.Inputs[1]].Shape, graph[op.Output].Shape) ? 9L : 14L) * graph[op.Output].Shape.ElementCount;

    private static bool Unrolled(Shape a, Shape b, Shape output) => a.Equals(output) && b.Equals(output) && output.ElementCount % Unroll == 0;

    private static Tables? Create(Graph graph, ElementwiseBinary op, bool subtract)
    {
        var a = graph[op.Inputs[0]];
        var b = graph[op.Inputs[1]];
        var output = graph[op.Output];
        if (a.Type != DataType.Int8 || b.Type != DataType.Int8 || output.Type != DataType.Int8) return null;
        var p = AddParams.For(a, b, output, op.Activation);
        int Scaled(int x, int offset, QuantizedMultiplier m) =>
            FixedPoint.MultiplyByQuantizedMultiplierSmallerThanOneExp(unchecked((x + offset) * (1 << p.LeftShift)), m.Multiplier, m.Shift);
        var tableA = Enumerable.Range(0, 256).Select(i => Scaled((sbyte)i, p.Input1Offset, p.Input1)).ToArray();
        var tableB = Enumerable.Range(0, 256).Select(i => (subtract ? -1 : 1) * Scaled((sbyte)i, p.Input2Offset, p.Input2)).ToArray();
        var bound = tableA.Max(v => Math.Abs((long)v)) + tableB.Max(v => Math.Abs((long)v));
        var fast = FastRequantizer.TryCreate(p.Output.Multiplier, p.Output.Shift, bound, p.OutputOffset, p.Range);
        if (fast is null) return null;
        int[] Shifted(int[] t) => t.Select(v => checked((int)((long)v << fast.LeftShift))).ToArray();  // fits: see the class comment
        return new Tables(Shifted(tableA), Shifted(tableB), fast, p.Range);
    }

    public static CKernel Emit(CKernelContext ctx, ElementwiseBinary op, bool subtract, string variant)
    {
        var t = Create(ctx.Graph, op, subtract)!;
        var loop = BroadcastLoop.For(ctx.InputTensor(0).Shape, ctx.InputTensor(1).Shape, ctx.OutputTensor.Shape);
        var (defA, operandA) = ctx.Operand(0);
        var (defB, operandB) = ctx.Operand(1);
        var tableA = ctx.Symbol("scaled_a");
        var tableB = ctx.Symbol("scaled_b");
        var o = t.Output;
        var requantize = $"{(o.SignFix ? "eg_requantize_fast" : "eg_requantize_fast_nofix")}(s, 1, {o.Multiplier}, {o.Addend}, {o.RightShift})";
        var restrict = ctx.Restrict;
        string Element(string ia, string ib, string io) =>
            $"{{ const int32_t s = ta[(uint8_t)a[{ia}]] + tb[(uint8_t)b[{ib}]]; output[{io}] = (int8_t)eg_clamp8({requantize}, {t.Range.Min}, {t.Range.Max}); }}";
        // Element by element in order (load, requantize, store), so an output that is one of the inputs stays exact.
        var body = Unrolled(ctx.InputTensor(0).Shape, ctx.InputTensor(1).Shape, ctx.OutputTensor.Shape)
            ? $"    int i;\n    for (i = 0; i < {ctx.OutputTensor.Shape.ElementCount}; i += {Unroll}) {{\n"
              + string.Join("\n", Enumerable.Range(0, Unroll).Select(k => $"        {Element($"i + {k}", $"i + {k}", $"i + {k}")}")) + "\n    }"
            : $"{loop.Open}\n        {Element(loop.IndexA, loop.IndexB, loop.IndexOut)}\n{loop.Close}";
        var code = $$"""
            {{defA}}{{defB}}{{CFormat.Int32Array(tableA, t.A)}}{{CFormat.Int32Array(tableB, t.B)}}
            /* Each input's rescaled value, shifted left by {{o.LeftShift}}, by its byte (index (uint8_t)x){{(subtract ? ", the second negated" : "")}}; the sum is requantized once. */
            EG_KERNEL void {{ctx.FunctionName}}(const int8_t *{{restrict}}a, const int8_t *{{restrict}}b, int8_t *{{restrict}}output)
            {
                const int32_t *ta = {{tableA}}, *tb = {{tableB}};
                EG_OPAQUE(ta);  /* table addresses in registers: one instruction per lookup */
                EG_OPAQUE(tb);
            {{body}}
            }

            """;
        return new CKernel(code, $"{ctx.FunctionName}({operandA}, {operandB}, {ctx.Pointer(op.Output)});", variant);
    }
}
