using System.Text;
using EdgeGen.Ir;
using EdgeGen.Ir.Ops;
using EdgeGen.Numerics.Params;
using EdgeGen.Passes;

namespace EdgeGen.Emit.CSharp.Kernels;

/// <summary>
/// A ternary int8 FULLY_CONNECTED (<see cref="TernaryDetection"/>) unrolled as in C: per unit, the
/// sum of the +1 inputs minus the sum of the −1 inputs of each trit plane, times the plane's
/// multiplier, no weight data at all; the input zero-point term (offset · Σ w) is folded into the
/// bias at generation time. All in wrapping int arithmetic, so the accumulator equals the int8
/// kernel's modulo 2^32 and the usual requantization follows bit-exactly.
/// </summary>
internal static class TernaryFullyConnected
{
    /// <summary>Above this many nonzero trits the unrolled code grows too large to pay off; the int8 kernel runs instead.</summary>
    public const int MaxNonZero = 65_536;

    public static TernaryLayer? Applies(CSharpKernelContext ctx, FullyConnected op)
    {
        var input = ctx.InputTensor(0);
        if (input.Type != DataType.Int8 || ctx.OutputTensor.Type != DataType.Int8 || ctx.InputTensor(1).IsConstant is false) return null;
        var layer = TernaryDetection.Analyze(ctx.Graph, ctx.Index);
        return layer is { IsTernary: true } && layer.Planes.Sum(p => p.NonZero) <= MaxNonZero ? layer : null;
    }

    public static CSharpKernel Emit(CSharpKernelContext ctx, FullyConnected op, TernaryLayer layer)
    {
        var input = ctx.InputTensor(0);
        var filter = ctx.InputTensor(1);
        var output = ctx.OutputTensor;
        var (units, depth) = (filter.Shape[0], filter.Shape[1]);
        var batches = op.Batches(ctx.Graph);
        var rq = ChannelRequantization.For(input, filter, output, units, op.Activation);
        var weights = filter.Int8Data.ToArray();
        var bias = op.HasInput(2) ? ctx.InputTensor(2).Int32Data.ToArray() : new int[units];
        var taps = layer.RowTaps(filter.Shape);
        var multipliers = layer.ChannelMultipliers;
        var fast = LayerFolding.Of(ctx.Graph, op);
        var body = new StringBuilder();
        body.Append($"for (int b = 0; b < {batches}; ++b)\n{{\n    sbyte* x = input + b * {depth};\n    sbyte* y = output + b * {units};\n");
        for (var u = 0; u < units; u++)
        {
            var sum = weights.AsSpan(u * depth, depth).ToArray().Sum(w => (long)w);
            var folded = unchecked((int)(bias[u] + (long)rq.InputOffset * sum));
            var terms = new List<string> { CSharpFormat.Int(folded) };
            for (var p = 0; p < layer.Planes.Length; p++)
            {
                var (plus, minus) = taps[u][p];
                if (plus.Length + minus.Length == 0 || multipliers[u][p] == 0) continue;
                var signed = string.Concat(plus.Select((k, i) => (i == 0 ? "" : " + ") + $"x[{k}]")) + string.Concat(minus.Select(k => $" - x[{k}]"));
                terms.Add($"{multipliers[u][p]} * ({(plus.Length == 0 ? "0" : "")}{signed})");
            }
            var acc = $"unchecked({string.Join(" + ", terms)})";
            var value = fast is null
                ? $"FixedPoint.Clamp(FixedPoint.Requantize({acc}, {rq.Multipliers[u]}, {rq.Shifts[u]}) + {rq.OutputOffset}, {rq.Range.Min}, {rq.Range.Max})"
                : ConvData.Requantized(acc, fast.Requantizers[u], rq.Range);
            body.Append($"    y[{u}] = (sbyte){value};\n");
        }
        body.Append('}');
        var code = CSharpMethod.Static(ctx.MethodName, "sbyte* input, sbyte* output", body.ToString());
        return new CSharpKernel(code, ctx.Call(op.Inputs[0], op.Output), "ternary-unrolled");
    }
}
