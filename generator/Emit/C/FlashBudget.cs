using EdgeGen.Targets;

namespace EdgeGen.Emit.C;

/// <summary>
/// The flash the model's kernels may fill on a target: the code region (the FLASH region of the memory map, else the
/// flash budget; none on the host and Cortex-A), less <see cref="ReserveBytes"/> for the startup code, runtime and
/// harness, less a sixteenth for the error of the code-size estimates (measured within about 15 % on the bench layers).
/// </summary>
public static class FlashBudget
{
    public const long ReserveBytes = 16 * 1024;

    /// <summary>Bytes of the code region, or null when the target sets no limit.</summary>
    public static long? Region(TargetSpec target)
    {
        var region = target.Memory is { } m && ParseSize(m.FlashLength) is { } bytes ? bytes : target.Budgets.FlashBytes;
        return region > 0 ? region : null;
    }

    /// <summary>What the kernels of one model may take, or null for no limit.</summary>
    public static long? ForKernels(TargetSpec target) =>
        Region(target) is { } region ? Math.Max(0, region - region / 16 - ReserveBytes) : null;

    private static long? ParseSize(string text)
    {
        text = text.Trim();
        var multiplier = text.EndsWith('K') ? 1024L : text.EndsWith('M') ? 1024L * 1024 : 1;
        var digits = multiplier == 1 ? text : text[..^1];
        return long.TryParse(digits, out var v) ? v * multiplier : null;
    }
}
