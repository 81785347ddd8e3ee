using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using EdgeGen.Emit.C;
using EdgeGen.Ir;
using EdgeGen.Pipeline;
using EdgeGen.Planning;
using EdgeGen.Planning.Patches;
using EdgeGen.Targets;

namespace EdgeGen.Cli;

/// <summary>One side of the memory comparison: a schedule's memory plan laid out over its steps.</summary>
internal sealed record PlannedMemory(Graph Graph, MemoryPlan Plan, MemoryTimeline Timeline, RamFigures Ram)
{
    public static PlannedMemory Of(Graph graph, Func<Graph, int, int> scratch, IReadOnlyDictionary<int, TensorView>? views = null, bool inputStreamed = false,
        Func<Graph, int, int?>? outputLead = null)
    {
        var plan = MemoryPlanner.Plan(graph, i => scratch(graph, i), views: views, outputLead: outputLead is null ? null : i => outputLead(graph, i));
        return new PlannedMemory(graph, plan, MemoryTimeline.Of(graph, plan), RamFigures.Of(graph, plan, inputStreamed));
    }

    /// <summary>RAM a step needs: the arena bytes in use plus the caller's input (unless streamed) and output buffers.</summary>
    public long RamAt(int step) => Timeline.LiveBytesAt(step) + (long)Ram.InputBytes + Ram.OutputBytes;
}

/// <summary>
/// What `inspect --memory` reports: RAM per operator without and with patches (for a patched
/// operator, its worst tile), the peaks with and without the input buffer, and the recompute.
/// </summary>
internal sealed record MemoryReport(Graph Graph, TargetSpec Target, PlannedMemory Unpatched, PatchedGraph? Patches, PlannedMemory? Patched, string PlanSource)
{
    public static MemoryReport Build(Graph graph, TargetSpec target, PatchOptions options)
    {
        var scratch = ModelPlanning.Scratch(target);
        // The plan the C model is generated with: outputs placed over their inputs where the kernels allow.
        var unpatched = PlannedMemory.Of(graph, scratch, outputLead: ModelPlanning.OutputLead(target));
        PatchPlan? plan = null;
        var source = "";
        switch (options.Request.Kind)
        {
            case PatchRequest.Kinds.Off when options.InputStream:
                throw new EdgeGenException("--input-stream needs patch-based inference (--patch auto or a plan)");
            case PatchRequest.Kinds.Fixed:
                plan = PatchPlan.Even(graph, options.Request.SplitOp, options.Request.Rows, options.Request.Cols, options.Request.ReuseRows);
                source = "given with --patch";
                break;
            case PatchRequest.Kinds.Auto:
                var search = ModelPlanning.Search(graph, target, options);
                plan = search.Best?.Plan;
                source = string.Format(CultureInfo.InvariantCulture, "chosen by --patch auto among {0} plans within {1:P0} extra MACs", search.Evaluated, options.RecomputeBudget);
                if (plan is null) source = string.Format(CultureInfo.InvariantCulture, "none: no plan within {0:P0} extra MACs needs less RAM than the whole graph", options.RecomputeBudget);
                break;
        }
        if (plan is null) return new MemoryReport(graph, target, unpatched, null, null, source);
        var patches = PatchLowering.Lower(graph, plan, options.InputStream);
        var choices = PatchedKernelChoices.Choose(patches, target);
        return new MemoryReport(graph, target, unpatched, patches, PlannedMemory.Of(patches.Graph, (_, i) => choices[i].ScratchBytes, patches.Views, patches.StreamsInput), source);
    }

    /// <summary>RAM while model operator <paramref name="op"/> runs with patches: its worst step (tile), including its crops.</summary>
    public long? PatchedRamAt(int op) => Patches is null || Patched is null
        ? null
        : Enumerable.Range(0, Patches.Graph.Operators.Length).Where(s => Patches.SourceOps[s] == op).Max(Patched.RamAt);

    public string ToText()
    {
        var c = CultureInfo.InvariantCulture;
        var g = Graph;
        var sb = new StringBuilder();
        sb.AppendLine($"memory of {g.Name} on {Target.Name}: RAM per operator = arena bytes in use + input {Unpatched.Ram.InputBytes:N0} + output {Unpatched.Ram.OutputBytes:N0} bytes");
        sb.AppendLine(Patches is null ? $"patch plan: {PlanSource}" : string.Format(c, "patch plan: {0} ({1} {2}; operators #0..#{3} {4}), {5}", Patches.Plan, Patches.Plan.TileCount, Patches.Plan.ReuseRows ? "strips" : "tiles", Patches.Plan.SplitOp, Patches.Plan.ReuseRows ? "stream their rows" : "run tile by tile", PlanSource));
        if (Patches?.StreamsInput == true) sb.AppendLine("input streamed: the patched figures hold no input buffer, only the input rows the stage still reads");
        sb.AppendLine();
        sb.AppendLine(string.Format(c, "{0,4}  {1,-18} {2,-16} {3,14} {4,14}", "#", "operator", "output", "unpatched", "patched"));
        for (var i = 0; i < g.Operators.Length; i++)
        {
            var op = g.Operators[i];
            var patched = PatchedRamAt(i) is { } p ? p.ToString("N0", c) : "-";
            var mark = Patches is not null && i <= Patches.Plan.SplitOp ? " *" : "";
            sb.AppendLine(string.Format(c, "{0,4}  {1,-18} {2,-16} {3,14:N0} {4,14}{5}", i, op.Kind, g[op.Output].Shape, Unpatched.RamAt(i), patched, mark));
        }
        sb.AppendLine();
        if (Patches is not null) sb.AppendLine("  * in the patch stage: the worst tile");
        Row(sb, "peak RAM (with input)", Unpatched.Ram.PeakBytes, Patched?.Ram.PeakBytes);
        Row(sb, "peak RAM without input", Unpatched.Ram.ActivationBytes, Patched?.Ram.ActivationBytes);
        Row(sb, "arena", Unpatched.Ram.ArenaBytes, Patched?.Ram.ArenaBytes);
        Row(sb, "MACs", g.TotalMacs, Patches?.Macs);
        if (Patches is not null)
            sb.AppendLine(string.Format(c, "extra MACs {0:N0} ({1:F2} %); peak RAM {2:F2}x lower with input, {3:F2}x without",
                Patches.ExtraMacs, 100.0 * Patches.ExtraMacs / Math.Max(g.TotalMacs, 1),
                (double)Unpatched.Ram.PeakBytes / Patched!.Ram.PeakBytes, (double)Unpatched.Ram.ActivationBytes / Patched.Ram.ActivationBytes));
        return sb.ToString().TrimEnd();
    }

    private static void Row(StringBuilder sb, string label, long unpatched, long? patched) =>
        sb.AppendLine(string.Format(CultureInfo.InvariantCulture, "{0,-41} {1,14:N0} {2,14}", label, unpatched, patched is { } p ? p.ToString("N0", CultureInfo.InvariantCulture) : "-"));

    public JsonObject ToJson()
    {
        var g = Graph;
        var json = new JsonObject
        {
            ["model"] = g.Name,
            ["target"] = Target.Name,
            ["operators"] = new JsonArray(g.Operators.Select((op, i) => (JsonNode)new JsonObject
            {
                ["index"] = i,
                ["op"] = op.Kind,
                ["unpatched_ram_bytes"] = Unpatched.RamAt(i),
                ["patched_ram_bytes"] = PatchedRamAt(i),
            }).ToArray()),
            ["unpatched"] = Figures(Unpatched.Ram, g.TotalMacs),
            ["patched"] = Patched is null ? null : Figures(Patched.Ram, Patches!.Macs),
            ["patch"] = Patches is null ? null : new JsonObject
            {
                ["plan"] = Patches.Plan.ToString(),
                ["split_operator"] = Patches.Plan.SplitOp,
                ["rows"] = Patches.Plan.Rows,
                ["cols"] = Patches.Plan.Cols,
                ["extra_macs"] = Patches.ExtraMacs,
            },
            ["plan_source"] = PlanSource,
        };
        return json;
    }

    private static JsonObject Figures(RamFigures r, long macs) => new()
    {
        ["peak_ram_bytes"] = r.PeakBytes,
        ["activation_ram_bytes"] = r.ActivationBytes,
        ["arena_bytes"] = r.ArenaBytes,
        ["input_bytes"] = r.InputBytes,
        ["output_bytes"] = r.OutputBytes,
        ["macs"] = macs,
    };
}
