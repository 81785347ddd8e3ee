using EdgeGen.Ir;
using EdgeGen.Numerics.Params;

namespace EdgeGen.Emit.C.Kernels.Neon;

/// <summary>
/// What both NEON ternary kernels end with (eg_tl3_requantize in runtime/c/edgegen_neon_ternary.h): the per-unit
/// multipliers q of each trit plane (none when they are all 1), the requantization constants with the input offset folded into the bias
/// (bias + input_offset · Σ weights, <see cref="NeonRequantization"/>), and the call that turns the int32 sums of
/// Σ t · x into int8 outputs. Arrays are padded to a multiple of 8 units (q = 0 there).
/// </summary>
internal static class NeonTernaryRequantization
{
    public static string Definitions(CKernelContext ctx, Operator op, NeonTernaryLayer layer)
    {
        var rows8 = NeonTernaryLut.Rows8(layer.Units);
        var filter = ctx.InputTensor(1);
        var rq = ChannelRequantization.For(ctx.InputTensor(0), filter, ctx.OutputTensor, layer.Units, layer.Activation);
        var weights = filter.Int8Data.ToArray();
        var weightSums = Enumerable.Range(0, layer.Units).Select(c => weights.AsSpan(c * layer.Depth, layer.Depth).ToArray().Sum(w => (long)w)).ToArray();
        return string.Concat(Enumerable.Range(0, layer.Planes).Where(p => !AllOnes(layer, p)).Select(p =>
                CFormat.Int32Array(Multipliers(ctx, p), layer.Multipliers[p].Concat(Enumerable.Repeat(0, rows8 - layer.Units)).ToArray())))
            + NeonRequantization.Definitions(ctx, rq, NeonGemm.Bias(ctx), weightSums, rows8);
    }

    /// <summary>
    /// The call requantizing batch row b: sums of plane p at <c>sums + p * rows8</c>; <paramref name="biased"/>: the
    /// kernel started the sums at the folded bias (<see cref="BiasInSums"/>), so they are requantized as they are.
    /// </summary>
    public static string Call(CKernelContext ctx, NeonTernaryLayer layer, string sums, string output, bool biased = false)
    {
        var rows8 = NeonTernaryLut.Rows8(layer.Units);
        var second = layer.Planes == 2 ? $"{sums} + {rows8}, {MultipliersOrNull(ctx, layer, 1)}" : "NULL, NULL";
        return $"eg_tl3_requantize({sums}, {MultipliersOrNull(ctx, layer, 0)}, {second}, {(biased ? 1 : 0)}, {layer.Units}, &{NeonRequantization.Name(ctx)}, {output})";
    }

    /// <summary>One plane whose multipliers are all 1: the accumulator is bias + Σ t · x, so a kernel may start its sums at the bias.</summary>
    public static bool BiasInSums(NeonTernaryLayer layer) => layer.Planes == 1 && AllOnes(layer, 0);

    /// <summary>The folded bias array (padded to a multiple of 8 rows).</summary>
    public static string Bias(CKernelContext ctx) => ctx.Symbol("bias");

    /// <summary>A plane whose multipliers are all 1 (one scale per tensor or per channel, no trit planes) needs no array nor multiplies.</summary>
    private static bool AllOnes(NeonTernaryLayer layer, int plane) => layer.Multipliers[plane].All(q => q == 1);

    private static string MultipliersOrNull(CKernelContext ctx, NeonTernaryLayer layer, int plane) =>
        AllOnes(layer, plane) ? "NULL" : Multipliers(ctx, plane);

    private static string Multipliers(CKernelContext ctx, int plane) => ctx.Symbol($"tl3_q{plane + 1}");
}
