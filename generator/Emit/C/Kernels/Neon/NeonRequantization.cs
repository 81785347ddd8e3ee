using EdgeGen.Numerics.Params;

namespace EdgeGen.Emit.C.Kernels.Neon;

/// <summary>
/// The constants of runtime/c/edgegen_neon.h's eg_neon_rq_t for one operator: the bias with the
/// input offset folded in (bias + input_offset · Σ weights of the channel, wrapping in int32 as
/// the accumulation does), Q31 multipliers, left shifts (only when some channel shifts left) and
/// negated right shifts, padded to whole vectors; plus the flags that let the kernel skip the
/// left shift, the fix-up mask and the clamp when they cannot matter. The Helium kernels use the
/// same constants in a struct of the same fields (runtime/c/edgegen_mve.h's eg_mve_rq_t).
/// </summary>
internal static class NeonRequantization
{
    /// <summary>The arrays and the eg_neon_rq_t named <c>opN_rq</c>.</summary>
    /// <param name="weightSums">Σ of each channel's weights (as the kernel multiplies them with raw inputs).</param>
    /// <param name="padded">The array length: the channels rounded up to the kernel's vector block.</param>
    /// <param name="type">The C struct: eg_neon_rq_t, or eg_mve_rq_t for the Helium kernels.</param>
    public static string Definitions(CKernelContext ctx, ChannelRequantization rq, int[]? bias, long[] weightSums, int padded, string type = "eg_neon_rq_t")
    {
        var channels = weightSums.Length;
        int[] Pad(IEnumerable<int> values, int fill) => values.Concat(Enumerable.Repeat(fill, padded - channels)).ToArray();
        var folded = weightSums.Select((sum, c) => unchecked((int)((bias?[c] ?? 0) + rq.InputOffset * sum)));
        var left = rq.Shifts.Any(s => s > 0);
        var rightAll = rq.Shifts.All(s => s < 0);
        var clamp = rq.Range.Min > -128 || rq.Range.Max < 127;
        var leftName = left ? ctx.Symbol("left") : "0";
        return CFormat.Int32Array(ctx.Symbol("bias"), Pad(folded, 0))
            + CFormat.Int32Array(ctx.Symbol("multiplier"), Pad(rq.Multipliers, 0))
            + (left ? CFormat.Int32Array(leftName, Pad(rq.Shifts.Select(s => Math.Max(s, 0)), 0)) : "")
            + CFormat.Int32Array(ctx.Symbol("right"), Pad(rq.Shifts.Select(s => Math.Min(s, 0)), -1))
            + $"static const {type} {Name(ctx)} = {{ {ctx.Symbol("bias")}, {ctx.Symbol("multiplier")}, {leftName}, {ctx.Symbol("right")}, "
            + $"{rq.OutputOffset}, {rq.Range.Min}, {rq.Range.Max}, {(rightAll ? 1 : 0)}, {(clamp ? 1 : 0)} }};\n";
    }

    public static string Name(CKernelContext ctx) => ctx.Symbol("rq");
}
