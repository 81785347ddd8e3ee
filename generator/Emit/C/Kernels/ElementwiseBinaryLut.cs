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
/// requantized once in the exact fast form (SMMLAR), proven for the largest |sum| the tables allow. 2 KiB of flash
/// per operator buys about half of its instructions; used on the cores with the DSP extension, where ADDs of
/// residual networks are a tenth of the time.
/// </summary>
internal static class LutBinary
{
    private sealed record Tables(int[] A, int[] B, FastRequantizer Output, ActivationRange Range);

    public static bool Applies(Graph graph, ElementwiseBinary op, TargetSpec target, bool subtract) =>
        target.Has("dsp") && Create(graph, op, subtract) is not null;

    public static long Estimate(Graph graph, ElementwiseBinary op) => 14L * graph[op.Output].Shape.ElementCount;

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
        return fast is null ? null : new Tables(tableA, tableB, fast, p.Range);
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
        var requantize = $"{(o.SignFix ? "eg_requantize_fast" : "eg_requantize_fast_nofix")}(s, {1 << o.LeftShift}, {o.Multiplier}, {o.Addend}, {o.RightShift})";
        var restrict = ctx.Restrict;
        var code = $$"""
            {{defA}}{{defB}}{{CFormat.Int32Array(tableA, t.A)}}{{CFormat.Int32Array(tableB, t.B)}}
            /* Each input's rescaled value by its byte (index (uint8_t)x){{(subtract ? ", the second negated" : "")}}; the sum is requantized once. */
            EG_KERNEL void {{ctx.FunctionName}}(const int8_t *{{restrict}}a, const int8_t *{{restrict}}b, int8_t *{{restrict}}output)
            {
            {{loop.Open}}
                    const int32_t s = {{tableA}}[(uint8_t)a[{{loop.IndexA}}]] + {{tableB}}[(uint8_t)b[{{loop.IndexB}}]];
                    output[{{loop.IndexOut}}] = (int8_t)eg_clamp8({{requantize}}, {{t.Range.Min}}, {{t.Range.Max}});
            {{loop.Close}}
            }

            """;
        return new CKernel(code, $"{ctx.FunctionName}({operandA}, {operandB}, {ctx.Pointer(op.Output)});", variant);
    }
}
