using EdgeGen.Targets;

namespace EdgeGen.Emit.C.Kernels.Ternary;

/// <summary>
/// Whether an unrolled ternary kernel's code fits the target: its bytes (about 3 per estimated instruction, the Thumb-2
/// mix of 16- and 32-bit encodings measured on the bench layers) must stay within an eighth of the code region (the
/// FLASH region of the memory map, else the flash budget), so a model of several such layers still links. Larger layers
/// fall back to the int8 kernels (a packed ternary format for them is not built yet).
/// </summary>
internal static class UnrolledCodeBudget
{
    public const int BytesPerInstruction = 3;

    public static bool Fits(long estimatedInstructions, int batches, TargetSpec target)
    {
        var region = target.Memory is { } m && ParseSize(m.FlashLength) is { } bytes ? bytes : target.Budgets.FlashBytes;
        if (region <= 0) return true;
        return BytesPerInstruction * estimatedInstructions / Math.Max(batches, 1) <= region / 8;
    }

    private static long? ParseSize(string text)
    {
        text = text.Trim();
        var multiplier = text.EndsWith('K') ? 1024L : text.EndsWith('M') ? 1024L * 1024 : 1;
        var digits = multiplier == 1 ? text : text[..^1];
        return long.TryParse(digits, out var v) ? v * multiplier : null;
    }
}
