using System.Globalization;
using System.Text.Json.Nodes;
using EdgeGen.Emit.C;
using EdgeGen.Planning;
using EdgeGen.Planning.Patches;

namespace EdgeGen.Cli;

/// <summary>How `build` and `run` report a model's RAM and its patch plan.</summary>
internal static class PatchReport
{
    public static RamFigures Ram(CModel model) => RamFigures.Of(model.Graph, model.Plan, model.Patches?.StreamsInput == true);

    /// <summary>The patch plan as JSON, or null for layer-by-layer inference.</summary>
    public static JsonNode? Json(CModel model)
    {
        if (model.Patches is not { } p) return null;
        var unpatched = Unpatched(model, p);
        return new JsonObject
        {
            ["plan"] = p.Plan.ToString(),
            ["split_operator"] = p.Plan.SplitOp,
            ["rows"] = p.Plan.Rows,
            ["cols"] = p.Plan.Cols,
            ["row_cuts"] = new JsonArray(p.Plan.RowCuts.Select(x => (JsonNode)x).ToArray()),
            ["col_cuts"] = new JsonArray(p.Plan.ColCuts.Select(x => (JsonNode)x).ToArray()),
            ["macs"] = Macs(model, p),
            ["extra_macs"] = ExtraMacs(model, p),
            ["extra_macs_percent"] = Math.Round(100.0 * ExtraMacs(model, p) / Math.Max(p.Source.TotalMacs, 1), 2),
            ["input_streamed"] = p.StreamsInput,
            ["unpatched_peak_ram_bytes"] = unpatched.PeakBytes,
            ["unpatched_activation_ram_bytes"] = unpatched.ActivationBytes,
        };
    }

    public static string Text(CModel model)
    {
        var c = CultureInfo.InvariantCulture;
        var ram = Ram(model);
        var line = string.Format(c, "  peak RAM           {0:N0} bytes (arena {1:N0} + input {2:N0} + output {3:N0}); {4:N0} without the input",
            ram.PeakBytes, ram.ArenaBytes, ram.InputBytes, ram.OutputBytes, ram.ActivationBytes);
        if (model.Patches is not { } p) return line;
        var unpatched = Unpatched(model, p);
        return line + "\n" + string.Format(c, "  patches            {0} ({1} tiles): {2:N0} extra MACs ({3:F2} %); unpatched peak RAM {4:N0} bytes, {5:N0} without the input",
            p.Plan, p.Plan.TileCount, ExtraMacs(model, p), 100.0 * ExtraMacs(model, p) / Math.Max(p.Source.TotalMacs, 1), unpatched.PeakBytes, unpatched.ActivationBytes);
    }

    /// <summary>MACs of the patched model (a mixed-precision graph holds both paths: those of one).</summary>
    private static long Macs(CModel model, PatchedGraph p) => model.Mixed?.EightBitMacs ?? p.Macs;

    private static long ExtraMacs(CModel model, PatchedGraph p) => Macs(model, p) - p.Source.TotalMacs;

    private static RamFigures Unpatched(CModel model, PatchedGraph p) => RamFigures.Of(p.Source,
        MemoryPlanner.Plan(p.Source, i => Pipeline.ModelPlanning.Scratch(model.Target)(p.Source, i)));
}
