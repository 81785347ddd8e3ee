using EdgeGen.Ir;

namespace EdgeGen.Emit.C.Kernels.Neon;

/// <summary>
/// The table-lookup ternary FULLY_CONNECTED or 1x1 CONV_2D (runtime/c/edgegen_neon_ternary.h): per row of inputs the
/// 27 signed sums of every group of three inputs go into int16 tables, and each row's trits,
/// packed at generation time as one table index per group, read 8 rows' exact sums per vqtbl4q.
/// Two trit planes are two sets of rows whose sums are combined with their multipliers before
/// the requantization. Rows are padded to a multiple of 8 with all-zero trits (index 13).
/// </summary>
internal static class NeonTernaryLut
{
    /// <summary>Input values per table (3 trits: 27 of the table's 32 int16 entries).</summary>
    public const int GroupSize = 3;

    public static int Groups(int depth) => (depth + GroupSize - 1) / GroupSize;

    public static int Rows8(int units) => (units + 7) / 8 * 8;

    /// <summary>Scratch: the int32 sums of every (padded) row of every plane, then the tables (64 bytes per group).</summary>
    public static int ScratchBytes(NeonTernaryLayer layer) => SumsBytes(layer) + 64 * ((Groups(layer.Depth) + 7) / 8 * 8);

    private static int SumsBytes(NeonTernaryLayer layer) => 4 * layer.Planes * Rows8(layer.Units);

    /// <summary>
    /// The cost model, fitted to exact counts of `edgegen bench --ternary` (2048x2048 to 12x20, within about 10 %): per group
    /// 17 instructions to build its table (8 groups at a time); per group and 128 rows 39 (a table load, 4 index loads,
    /// 16 lookups and adds, the loop) and 100 per chunk of 85 groups to widen; per group and 8 rows of the tail 7;
    /// per 8 rows 25 to requantize and store.
    /// </summary>
    public static long EstimatedInstructions(NeonTernaryLayer layer)
    {
        var groups = (long)Groups(layer.Depth);
        var rows = (long)layer.Planes * Rows8(layer.Units);
        var blocks128 = rows / 128;
        var blocks8 = rows % 128 / 8;
        var chunks = (groups + 84) / 85;
        var perBatch = 17 * ((groups + 7) / 8 * 8) + blocks128 * (39 * groups + 100 * chunks) + blocks8 * 7 * groups + 25 * Rows8(layer.Units) / 8 + 30;
        return layer.Batches * perBatch;
    }

    /// <summary>Flash beyond the shared kernel code: the packed indices (2 bytes per row and group) and 4 bytes per row per constant array.</summary>
    public static long CodeBytes(NeonTernaryLayer layer) =>
        2L * layer.Planes * Rows8(layer.Units) * Groups(layer.Depth) + 4L * (3 + layer.Planes) * Rows8(layer.Units);

    public static CKernel Emit(CKernelContext ctx, Operator op, NeonTernaryLayer layer)
    {
        var units = layer.Units;
        var depth = layer.Depth;
        var rows8 = Rows8(units);
        var groups = Groups(depth);
        var idx = ctx.Symbol("tl3_idx");
        var definitions = CFormat.Array("uint8_t", idx, PackIndices(layer), v => v.ToString(System.Globalization.CultureInfo.InvariantCulture))
            + NeonTernaryRequantization.Definitions(ctx, op, layer);
        var code = $$"""
            {{definitions}}
            EG_KERNEL void {{ctx.FunctionName}}(const int8_t *{{ctx.Restrict}}input, int8_t *{{ctx.Restrict}}output)
            {
                int32_t *const sums = {{ctx.ScratchPointer("int32_t")}};
                int16_t *const tables = (int16_t *)(void *)(sums + {{layer.Planes * rows8}});
                int b;
                for (b = 0; b < {{layer.Batches}}; ++b) {
                    eg_tl3_tables(input + b * {{depth}}, {{depth}}, {{groups}}, tables);
                    eg_tl3_sums(tables, {{idx}}, {{groups}}, {{layer.Planes * rows8}}, sums);
                    {{NeonTernaryRequantization.Call(ctx, layer, "sums", $"output + b * {units}")}};
                }
            }

            """;
        return new CKernel(code, $"{ctx.FunctionName}({ctx.Pointer(op.Inputs[0])}, {ctx.Pointer(op.Output)});", "neon-ternary-lut")
        {
            Headers = new[] { "edgegen_neon.h", "edgegen_neon_ternary.h" },
        };
    }

    /// <summary>
    /// The table index of every row and group, as the byte pairs (2i, 2i+1) of int16 entry i = d0 + 3 d1 + 9 d2
    /// (digit d = trit + 1), in the kernel's block order: rows of all planes one after the other (each plane's
    /// rows padded to a multiple of 8), blocks of 128 rows then of 8; per block and group, 8 rows per 16 bytes.
    /// </summary>
    public static byte[] PackIndices(NeonTernaryLayer layer)
    {
        var rows8 = Rows8(layer.Units);
        var groups = Groups(layer.Depth);
        var total = layer.Planes * rows8;
        var packed = new byte[total * groups * 2];
        var at = 0;
        var r = 0;
        for (; r + 128 <= total; r += 128) Block(r, 128);
        for (; r < total; r += 8) Block(r, 8);
        return packed;

        void Block(int first, int rows)
        {
            for (var g = 0; g < groups; g++)
                for (var row = first; row < first + rows; row++)
                {
                    var i = Index(row / rows8, row % rows8, g);
                    packed[at++] = (byte)(2 * i);
                    packed[at++] = (byte)(2 * i + 1);
                }
        }

        int Index(int plane, int unit, int g)
        {
            var index = 0;
            for (var j = GroupSize - 1; j >= 0; j--)
            {
                var k = g * GroupSize + j;
                var t = unit < layer.Units && k < layer.Depth ? layer.Trits[plane][unit][k] : 0;
                index = 3 * index + t + 1;
            }
            return index;
        }
    }
}
