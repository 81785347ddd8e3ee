using EdgeGen.Ir;

namespace EdgeGen.Emit.C.Kernels.Neon;

/// <summary>
/// The dot-product ternary FULLY_CONNECTED or 1x1 CONV_2D for cores with dotprod (runtime/c/edgegen_neon_ternary_dot.h):
/// the trits as int8, one sdot per 4 rows x 4 inputs, 24 quads of rows (96 rows) in registers per block so each
/// 16 inputs are loaded once per block: about 5 instructions per 64 weights. With one plane whose multipliers are all 1
/// the sums start at the folded bias. Two trit planes are two sets of rows,
/// combined with their multipliers by the same requantization as the lookup kernel (<see cref="NeonTernaryRequantization"/>).
/// </summary>
internal static class NeonTernaryDot
{
    /// <summary>Rows per block, largest first (the runtime's eg_td_block96/32/8).</summary>
    private static readonly int[] Blocks = { 96, 32, 8 };

    public static int K16(int depth) => (depth + 15) / 16 * 16;

    private static int TotalRows(NeonTernaryLayer layer) => layer.Planes * NeonTernaryLut.Rows8(layer.Units);

    /// <summary>Scratch: the int32 sums of every (padded) row of every plane, then a zero-padded input row when the depth is not a multiple of 16.</summary>
    public static int ScratchBytes(NeonTernaryLayer layer) =>
        4 * TotalRows(layer) + (layer.Depth % 16 == 0 ? 0 : K16(layer.Depth));

    /// <summary>
    /// The cost model, from the instructions of the runtime's loops: per 16 inputs and quad of rows a 64-byte load
    /// and 4 sdot; per block and 64 inputs a load of x and the loop (3); per block about 70 to set up and store
    /// its sums; per 8 rows 25 to requantize (as the lookup kernel); a padded input row costs its copy.
    /// </summary>
    public static long EstimatedInstructions(NeonTernaryLayer layer)
    {
        var k16 = (long)K16(layer.Depth);
        var rows = (long)TotalRows(layer);
        var blocks = 0L;
        var left = rows;
        foreach (var blockRows in Blocks)
        {
            blocks += left / blockRows;
            left %= blockRows;
        }
        var copy = layer.Depth % 16 == 0 ? 0 : k16 / 8 + 20;
        var perBatch = 5 * (rows / 4) * (k16 / 16) + blocks * (3 * ((k16 + 63) / 64) + 70) + 25 * NeonTernaryLut.Rows8(layer.Units) / 8 + copy + 30;
        return layer.Batches * perBatch;
    }

    /// <summary>Flash beyond the shared kernel code: a byte per padded trit and 4 bytes per row per constant array.</summary>
    public static long CodeBytes(NeonTernaryLayer layer) =>
        (long)TotalRows(layer) * K16(layer.Depth) + 4L * (3 + layer.Planes) * NeonTernaryLut.Rows8(layer.Units);

    public static CKernel Emit(CKernelContext ctx, Operator op, NeonTernaryLayer layer)
    {
        var depth = layer.Depth;
        var k16 = K16(depth);
        var rows = TotalRows(layer);
        var trits = ctx.Symbol("td_trits");
        var definitions = CFormat.Int8Array(trits, PackTrits(layer)) + NeonTernaryRequantization.Definitions(ctx, op, layer);
        var padded = depth % 16 != 0;
        var biased = NeonTernaryRequantization.BiasInSums(layer);
        var row = padded
            ? $$"""
                    int8_t *const x = (int8_t *)(void *)(sums + {{rows}});
                    memset(x + {{depth}}, 0, {{k16 - depth}}); /* past the depth: zero trits, any finite input */
                    for (b = 0; b < {{layer.Batches}}; ++b) {
                        memcpy(x, input + b * {{depth}}, {{depth}});
                """
            : $$"""
                    for (b = 0; b < {{layer.Batches}}; ++b) {
                        const int8_t *const x = input + b * {{depth}};
                """;
        var code = $$"""
            {{definitions}}
            EG_KERNEL void {{ctx.FunctionName}}(const int8_t *{{ctx.Restrict}}input, int8_t *{{ctx.Restrict}}output)
            {
                int32_t *const sums = {{ctx.ScratchPointer("int32_t")}};
                int b;
            {{row}}
                    eg_td_sums(x, {{trits}}, {{k16}}, {{rows}}, sums, {{(biased ? NeonTernaryRequantization.Bias(ctx) : "NULL")}});
                    {{NeonTernaryRequantization.Call(ctx, layer, "sums", $"output + b * {layer.Units}", biased)}};
                }
            }

            """;
        return new CKernel(code, $"{ctx.FunctionName}({ctx.Pointer(op.Inputs[0])}, {ctx.Pointer(op.Output)});", "neon-ternary-dot")
        {
            Headers = new[] { "edgegen_neon.h", "edgegen_neon_ternary.h", "edgegen_neon_ternary_dot.h" },
        };
    }

    /// <summary>
    /// The trits in the kernel's order: rows of all planes one after the other (each plane's rows padded to a multiple
    /// of 8), in blocks of 96, 32 and 8 rows; per block, per 16 inputs, per quad of 4 rows, per j = 0..3: the 16 bytes
    /// [row 4q+m][input 4j+n] at 4m + n.
    /// </summary>
    public static sbyte[] PackTrits(NeonTernaryLayer layer)
    {
        var rows8 = NeonTernaryLut.Rows8(layer.Units);
        var k16 = K16(layer.Depth);
        var total = TotalRows(layer);
        var packed = new sbyte[(long)total * k16];
        var at = 0;
        var first = 0;
        foreach (var blockRows in Blocks)
            for (; first + blockRows <= total; first += blockRows)
                Block(first, blockRows / 4);
        return packed;

        void Block(int firstRow, int quads)
        {
            for (var k = 0; k < k16; k += 16)
                for (var q = 0; q < quads; q++)
                    for (var j = 0; j < 4; j++)
                        for (var m = 0; m < 4; m++)
                            for (var n = 0; n < 4; n++)
                                packed[at++] = Trit(firstRow + 4 * q + m, k + 4 * j + n);
        }

        sbyte Trit(int row, int k)
        {
            var (plane, unit) = (row / rows8, row % rows8);
            return unit < layer.Units && k < layer.Depth ? layer.Trits[plane][unit][k] : (sbyte)0;
        }
    }
}
