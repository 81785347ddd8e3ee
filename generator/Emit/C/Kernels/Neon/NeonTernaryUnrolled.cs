using System.Text;
using EdgeGen.Ir;

namespace EdgeGen.Emit.C.Kernels.Neon;

/// <summary>
/// The unrolled ternary FULLY_CONNECTED for small layers: the trits are baked into the code, each row's
/// Σ t · x one straight-line sum of the input values under +1 minus those under −1 (about a load and an
/// add per non-zero trit, nothing per zero trit, no tables), then the same NEON requantization as the
/// table-lookup kernel. Its code grows with the non-zero trits, so it applies only up to
/// <see cref="MaxCodeBytes"/>; within that, the cost model picks it where it needs fewer instructions
/// (small or very sparse layers, where building the tables of the lookup kernel does not pay off).
/// </summary>
internal static class NeonTernaryUnrolled
{
    /// <summary>The code size an unrolled layer may take (its sums, about 8 bytes per non-zero trit).</summary>
    public const int MaxCodeBytes = 16 * 1024;

    public static long CodeBytes(NeonTernaryLayer layer) => 8 * layer.NonZero + 4L * layer.Planes * layer.Units;

    public static bool Applies(NeonTernaryLayer layer) => CodeBytes(layer) <= MaxCodeBytes;

    /// <summary>
    /// Per batch row: an add per non-zero trit, and a load per input while the inputs fit the registers (about 24),
    /// else one per non-zero trit; about 3 per row to store and requantize (fitted to `edgegen bench --ternary` counts).
    /// </summary>
    public static long EstimatedInstructions(NeonTernaryLayer layer)
    {
        var loads = layer.Depth <= 24 ? layer.Depth : layer.NonZero;
        return layer.Batches * (layer.NonZero + loads + 3L * layer.Planes * layer.Units + 20);
    }

    public static int ScratchBytes(NeonTernaryLayer layer) => 4 * layer.Planes * NeonTernaryLut.Rows8(layer.Units);

    public static CKernel Emit(CKernelContext ctx, Operator op, NeonTernaryLayer layer)
    {
        var rows8 = NeonTernaryLut.Rows8(layer.Units);
        var sums = new StringBuilder();
        for (var p = 0; p < layer.Planes; p++)
            for (var c = 0; c < rows8; c++)
                sums.Append($"        sums[{p * rows8 + c}] = {(c < layer.Units ? Sum(layer.Trits[p][c]) : "0")};\n");
        var code = $$"""
            {{NeonTernaryRequantization.Definitions(ctx, op, layer)}}
            EG_KERNEL void {{ctx.FunctionName}}(const int8_t *{{ctx.Restrict}}input, int8_t *{{ctx.Restrict}}output)
            {
                int32_t *const sums = {{ctx.ScratchPointer("int32_t")}};
                int b;
                for (b = 0; b < {{layer.Batches}}; ++b) {
                    const int8_t *const x = input + b * {{layer.Depth}};
                    (void)x; /* a layer of zero trits only reads no input */
            {{sums}}        {{NeonTernaryRequantization.Call(ctx, layer, "sums", $"output + b * {layer.Units}")}};
                }
            }

            """;
        return new CKernel(code, $"{ctx.FunctionName}({ctx.Pointer(op.Inputs[0])}, {ctx.Pointer(op.Output)});", "neon-ternary-unrolled")
        {
            Headers = new[] { "edgegen_neon.h", "edgegen_neon_ternary.h" },
        };
    }

    /// <summary>"x[0] + x[5] - x[7]" (int arithmetic: no wrap is possible below 2^31 / 128 terms), or "0".</summary>
    private static string Sum(sbyte[] trits)
    {
        var sb = new StringBuilder();
        for (var k = 0; k < trits.Length; k++)
        {
            if (trits[k] == 0) continue;
            if (sb.Length == 0) sb.Append(trits[k] > 0 ? $"x[{k}]" : $"-x[{k}]");
            else sb.Append(trits[k] > 0 ? $" + x[{k}]" : $" - x[{k}]");
        }
        return sb.Length == 0 ? "0" : sb.ToString();
    }
}
