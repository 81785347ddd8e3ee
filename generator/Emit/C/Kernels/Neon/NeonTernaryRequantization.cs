using EdgeGen.Ir;
using EdgeGen.Numerics.Params;

namespace EdgeGen.Emit.C.Kernels.Neon;

/// <summary>
/// What both NEON ternary kernels end with (eg_tl3_requantize in runtime/c/edgegen_neon_ternary.h): the per-unit
/// multipliers q of each trit plane, the requantization constants with the input offset folded into the bias
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
        return string.Concat(Enumerable.Range(0, layer.Planes).Select(p =>
                CFormat.Int32Array(Multipliers(ctx, p), layer.Multipliers[p].Concat(Enumerable.Repeat(0, rows8 - layer.Units)).ToArray())))
            + NeonRequantization.Definitions(ctx, rq, NeonGemm.Bias(ctx), weightSums, rows8);
    }

    /// <summary>The call requantizing batch row b: sums of plane p at <c>sums + p * rows8</c>.</summary>
    public static string Call(CKernelContext ctx, NeonTernaryLayer layer, string sums, string output)
    {
        var rows8 = NeonTernaryLut.Rows8(layer.Units);
        var second = layer.Planes == 2 ? $"{sums} + {rows8}, {Multipliers(ctx, 1)}" : "NULL, NULL";
        return $"eg_tl3_requantize({sums}, {Multipliers(ctx, 0)}, {second}, {layer.Units}, &{NeonRequantization.Name(ctx)}, {output})";
    }

    private static string Multipliers(CKernelContext ctx, int plane) => ctx.Symbol($"tl3_q{plane + 1}");
}
