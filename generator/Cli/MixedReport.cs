using System.Globalization;
using System.Text.Json.Nodes;
using EdgeGen.Emit.C;
using EdgeGen.Planning;
using EdgeGen.Planning.Mixed;
using EdgeGen.Planning.Patches;
using EdgeGen.Reference.Mixed;

namespace EdgeGen.Cli;

/// <summary>
/// How `build` and `run` report mixed precision: the plan (format per feature map, outlier
/// threshold), BitOPs of the int8 patched model and of the mixed one (all patches low-bit, and
/// with the outlier patches of the run's input), and the arena against the int8 patched model's.
/// </summary>
internal static class MixedReport
{
    public sealed record Figures(long BitOps8, long BitOpsAllLow, long? BitOpsThisInput, int OutlierPatches, int Patches, int Arena8, int Arena);

    public static Figures? Measure(CModel model, IReadOnlyList<byte[]>? inputs)
    {
        if (model.Mixed is not { } mixed) return null;
        var source = mixed.Patched;
        var eight = PatchLowering.Lower(source.Source, source.Plan, source.StreamsInput);
        var eightModel = CModel.Create(eight, model.Target);
        var tiles = mixed.Checked.Length;
        bool[]? outliers = inputs is null ? null : MixedReference.Run(mixed, inputs).Outliers;
        return new Figures(BitOps.Of(eight.Graph), BitOps.Of(mixed, new bool[tiles]), outliers is null ? null : BitOps.Of(mixed, outliers),
            outliers?.Count(o => o) ?? 0, tiles, eightModel.Plan.ArenaBytes, model.Plan.ArenaBytes);
    }

    public static JsonNode? Json(CModel model, Figures? f)
    {
        if (model.Mixed is not { } mixed || f is null) return null;
        var graph = mixed.Patched.Source;
        var maps = new JsonArray(mixed.Plan.Formats.OrderBy(kv => kv.Key).Select(kv => (JsonNode)new JsonObject
        {
            ["tensor"] = graph[kv.Key].Name,
            ["producer"] = graph.ProducerOf(kv.Key),
            ["bits"] = kv.Value.Bits,
            ["shift"] = kv.Value.Shift,
            ["code_min"] = kv.Value.CodeMin,
        }).ToArray());
        return new JsonObject
        {
            ["feature_maps"] = maps,
            ["outlier_threshold"] = mixed.Plan.Threshold,
            ["outlier_patches"] = f.OutlierPatches,
            ["patches"] = f.Patches,
            ["bitops_8bit_patches"] = f.BitOps8,
            ["bitops_mixed_all_low"] = f.BitOpsAllLow,
            ["bitops_mixed"] = f.BitOpsThisInput,
            ["bitops_reduction"] = f.BitOpsThisInput is { } b ? Math.Round((double)f.BitOps8 / Math.Max(b, 1), 3) : null,
            ["arena_bytes_8bit_patches"] = f.Arena8,
            ["arena_bytes_mixed"] = f.Arena,
            ["entropy_lost_percent"] = mixed.Search is { } s ? Math.Round(100 * s.EntropyLost / Math.Max(s.Entropy8, 1e-9), 2) : null,
        };
    }

    public static string Text(CModel model, Figures? f)
    {
        if (model.Mixed is not { } mixed || f is null) return "";
        var c = CultureInfo.InvariantCulture;
        var graph = mixed.Patched.Source;
        var formats = mixed.Plan.Formats.Count == 0 ? "every feature map at 8 bits"
            : string.Join(", ", mixed.Plan.Formats.OrderBy(kv => kv.Key).Select(kv => $"#{graph.ProducerOf(kv.Key)} {kv.Value.Bits}b"));
        var line = string.Format(c, "  mixed precision    {0}; outlier when |q - zp| > {1}\n  BitOPs             {2:N0} at 8 bits, {3:N0} mixed with no outlier ({4:F2}x fewer)",
            formats, mixed.Plan.Threshold, f.BitOps8, f.BitOpsAllLow, (double)f.BitOps8 / Math.Max(f.BitOpsAllLow, 1));
        if (f.BitOpsThisInput is { } b)
            line += string.Format(c, "; this input: {0}/{1} outlier patches, {2:N0} ({3:F2}x fewer)", f.OutlierPatches, f.Patches, b, (double)f.BitOps8 / Math.Max(b, 1));
        return line + string.Format(c, "\n  arena              {0:N0} bytes mixed, {1:N0} with int8 patches", f.Arena, f.Arena8);
    }

    public static JsonNode Json(MixedAgreement a) => new JsonObject
    {
        ["inputs"] = a.Inputs,
        ["top1_agreement"] = Math.Round(a.Top1Share, 4),
        ["mean_abs_difference"] = Math.Round(a.MeanAbsDifference, 6),
        ["outlier_patches"] = a.OutlierPatches,
        ["patches"] = a.Patches,
    };

    public static string Text(MixedAgreement a) => string.Format(CultureInfo.InvariantCulture,
        "  vs int8 model      top-1 agreement {0}/{1} ({2:P1}), mean |difference| of dequantized outputs {3:G4}; {4}/{5} outlier patches",
        a.Top1Agreeing, a.Inputs, a.Top1Share, a.MeanAbsDifference, a.OutlierPatches, a.Patches);
}
