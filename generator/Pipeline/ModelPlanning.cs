using System.Globalization;
using EdgeGen.Emit.C;
using EdgeGen.Ir;
using EdgeGen.Planning.Mixed;
using EdgeGen.Planning.Patches;
using EdgeGen.Targets;

namespace EdgeGen.Pipeline;

/// <summary>
/// What the user asked of patch-based inference: `--patch`, the recompute budget (a fraction of
/// the model's MACs) and `--input-stream` (the application delivers the input window by window).
/// </summary>
public sealed record PatchOptions(PatchRequest Request, double RecomputeBudget = 0.10, bool InputStream = false, MixedOptions? Mixed = null)
{
    public static readonly PatchOptions Off = new(PatchRequest.Off);
}

/// <summary>
/// Plans a model for a target: layer by layer, or patch by patch with the plan given or the one
/// <see cref="PatchSearch"/> finds. A model that fits in no way raises an error naming what the
/// best plan needs.
/// </summary>
public static class ModelPlanning
{
    /// <summary>The scratch bytes of a graph's operator i with the target's C kernels (layer by layer; patched graphs: <see cref="PatchedKernelChoices"/>).</summary>
    public static Func<Graph, int, int> Scratch(TargetSpec target) =>
        (g, i) => KernelSelection.Choose(g, i, target).ScratchBytes;

    /// <summary>How far before its input operator i's output may start with the target's C kernel (null: no overlap), as <see cref="CModel.Create(Graph, TargetSpec, KernelOverrides?)"/> plans it.</summary>
    public static Func<Graph, int, int?> OutputLead(TargetSpec target) =>
        (g, i) => KernelSelection.Choose(g, i, target).Chosen.Variant.OutputLead(g, g.Operators[i], target);

    public static CModel Create(Graph graph, TargetSpec target, PatchOptions? options = null, KernelOverrides? overrides = null)
    {
        options ??= PatchOptions.Off;
        var request = options.Request;
        switch (request.Kind)
        {
            case PatchRequest.Kinds.Off when options.Mixed is not null:
                throw new EdgeGenException("--mixed-precision needs patch-based inference (--patch auto or ROWSxCOLS@OP): its outlier check and low-bit feature maps are per patch");
            case PatchRequest.Kinds.Off when options.InputStream:
                throw new EdgeGenException("--input-stream needs patch-based inference (--patch auto or a plan): a layer-by-layer model reads its whole input");
            case PatchRequest.Kinds.Off:
                return CModel.Create(graph, target, overrides);
            case PatchRequest.Kinds.Fixed:
                var plan = PatchPlan.Even(graph, request.SplitOp, request.Rows, request.Cols, request.ReuseRows);
                return Patched(graph, plan, target, options, overrides);
        }
        if (options.InputStream && PatchStage.SplitPoints(graph).Count == 0)
            throw new EdgeGenException($"model '{graph.Name}': --input-stream needs patch-based inference, and the model cannot run patch by patch ({PatchStage.WhyNotSplit(graph, 0)})");
        var search = Search(graph, target, options);
        if (search.Best is { } best) return Patched(graph, best.Plan, target, options, overrides);
        if (options.Mixed is not null)
            throw new EdgeGenException($"model '{graph.Name}': --mixed-precision found no tiled patch plan that needs less RAM than the unpatched model within the recompute budget; give one with --patch ROWSxCOLS@OP");
        var ram = target.Budgets.RamBytes;
        if (!options.InputStream && (ram <= 0 || search.Unpatched.PeakBytes <= ram)) return CModel.Create(graph, target, overrides);
        throw new EdgeGenException(NoPlanFits(graph, target, options, search));
    }

    /// <summary>The patched model, with both precisions per tile when mixed precision is asked for (the plan given or searched on the calibration inputs).</summary>
    private static CModel Patched(Graph graph, PatchPlan plan, TargetSpec target, PatchOptions options, KernelOverrides? overrides)
    {
        var patched = PatchLowering.Lower(graph, plan, options.InputStream);
        if (options.Mixed is not { } mixed) return CModel.Create(patched, target, overrides);
        var search = mixed.Plan is null ? MixedSearch.Search(graph, plan, mixed.Calibration, mixed.Search) : null;
        return CModel.Create(MixedLowering.Lower(patched, mixed.Plan ?? search!.Plan) with { Search = search }, target, overrides);
    }

    public static PatchSearchResult Search(Graph graph, TargetSpec target, PatchOptions options)
    {
        CKernelRegistry.CheckSupported(graph);
        return PatchSearch.Search(graph, Scratch(target), new PatchSearchOptions(options.RecomputeBudget, target.Budgets.RamBytes, StreamInput: options.InputStream, TilesOnly: options.Mixed is not null),
            PatchedKernelChoices.LeanScratch(target));
    }

    private static string NoPlanFits(Graph graph, TargetSpec target, PatchOptions options, PatchSearchResult search)
    {
        var c = CultureInfo.InvariantCulture;
        var budget = options.RecomputeBudget.ToString("P0", c);
        var unpatched = string.Format(c, "unpatched it needs {0:N0} bytes ({1})", search.Unpatched.PeakBytes, Describe(search.Unpatched));
        var has = string.Format(c, "the target has {0:N0}", target.Budgets.RamBytes);
        if (PatchStage.SplitPoints(graph).Count == 0)
            return $"model '{graph.Name}' does not fit {target.Name}: {unpatched}, {has}, and it cannot run patch by patch ({PatchStage.WhyNotSplit(graph, 0)})";
        if (search.BestIgnoringRam is not { } best)
            return $"model '{graph.Name}' does not fit {target.Name}: {unpatched}, {has}, and no patch plan stays within the recompute budget of {budget} extra MACs (raise it with --recompute-budget)";
        return string.Format(c,
            "model '{0}' does not fit {1} even patch by patch: the best plan within {2} extra MACs, {3}, needs {4:N0} bytes of RAM ({5}; {6:N0} extra MACs), {7}; {8}",
            graph.Name, target.Name, budget, best.Plan, best.Ram.PeakBytes, Describe(best.Ram), best.ExtraMacs, has, unpatched);
    }

    private static string Describe(RamFigures r) =>
        string.Format(CultureInfo.InvariantCulture, "arena {0:N0} + input {1:N0} + output {2:N0}", r.ArenaBytes, r.InputBytes, r.OutputBytes);
}
