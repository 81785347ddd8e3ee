using EdgeGen.Ir;
using EdgeGen.Ir.Ops;

namespace EdgeGen.Planning.Patches;

/// <summary>
/// The RAM one inference needs at its peak: the planned arena plus the caller's input and output
/// buffers. <see cref="ActivationBytes"/> leaves out the input buffer (how MCUNetV2 reports peak
/// activation memory).
/// </summary>
public sealed record RamFigures(int ArenaBytes, int InputBytes, int OutputBytes)
{
    public long PeakBytes => (long)ArenaBytes + InputBytes + OutputBytes;
    public long ActivationBytes => (long)ArenaBytes + OutputBytes;

    /// <param name="inputStreamed">Whether the input arrives window by window (then no input buffer is needed).</param>
    public static RamFigures Of(Graph graph, MemoryPlan plan, bool inputStreamed = false) =>
        new(plan.ArenaBytes, inputStreamed ? 0 : graph.InputTensors.Sum(t => t.ByteSize), graph.OutputTensors.Sum(t => t.ByteSize));

    public static RamFigures Of(PatchedGraph patched, MemoryPlan plan) => Of(patched.Graph, plan, patched.StreamsInput);
}

/// <summary>One plan the search looked at: its RAM and its recompute.</summary>
public sealed record PatchCandidate(PatchPlan Plan, RamFigures Ram, long ExtraMacs);

/// <summary>What the search found: the unpatched figures, the best plan within the limits (or none), and the best plan ignoring the RAM limit.</summary>
public sealed record PatchSearchResult(RamFigures Unpatched, PatchCandidate? Best, PatchCandidate? BestIgnoringRam, int Evaluated);

/// <param name="RecomputeBudget">Extra MACs allowed, as a fraction of the model's MACs (0.10: at most 10 % more).</param>
/// <param name="RamBytes">The target's RAM for arena, input and output (0: no limit).</param>
/// <param name="MaxTilesPerSide">The largest number of tile rows or columns tried.</param>
/// <param name="StreamInput">Plans ask the application for the input window by window (see <see cref="InputWindow"/>).</param>
/// <param name="TilesOnly">Only recomputing grids, no row streams (mixed precision runs each tile at its own precision).</param>
public sealed record PatchSearchOptions(double RecomputeBudget = 0.10, long RamBytes = 0, int MaxTilesPerSide = 8, bool StreamInput = false, bool TilesOnly = false);

/// <summary>
/// Chooses the split operator and the tile grid: every operator where a patch stage may end,
/// every grid up to <see cref="PatchSearchOptions.MaxTilesPerSide"/> per side (square or not) and
/// row streams of 1 to 8 rows per call, keeping those whose recompute fits the budget, each planned
/// by the real memory planner; the winner needs the least peak RAM (input included), then the
/// fewest extra MACs and tiles.
/// </summary>
public static class PatchSearch
{
    /// <param name="scratchBytes">The scratch bytes of operator i of a graph (the kernels' own need).</param>
    /// <param name="patchedScratchBytes">The same for the lowered graphs, when their kernels differ (default: <paramref name="scratchBytes"/>).</param>
    public static PatchSearchResult Search(Graph graph, Func<Graph, int, int> scratchBytes, PatchSearchOptions options, Func<Graph, int, int>? patchedScratchBytes = null)
    {
        var patchedScratch = patchedScratchBytes ?? scratchBytes;
        var unpatched = RamFigures.Of(graph, MemoryPlanner.Plan(graph, i => scratchBytes(graph, i)));
        var budget = (long)Math.Floor(graph.TotalMacs * options.RecomputeBudget);
        PatchCandidate? best = null, bestIgnoringRam = null;
        var evaluated = 0;
        foreach (var plan in Plans(graph, options.MaxTilesPerSide).Where(p => !(options.TilesOnly && p.ReuseRows)))
        {
            var extra = ExtraMacs(graph, plan);
            if (extra is null || extra > budget) continue;
            var candidate = Evaluate(graph, plan, patchedScratch, options.StreamInput);
            if (candidate is null) continue;
            evaluated++;
            if (Better(candidate, bestIgnoringRam)) bestIgnoringRam = candidate;
            if ((options.RamBytes <= 0 || candidate.Ram.PeakBytes <= options.RamBytes) && Better(candidate, best)) best = candidate;
        }
        // Patches must earn their place: a plan that needs no less RAM than the plain graph is no
        // plan (unless the input is to be streamed, which only patches can).
        if (!options.StreamInput && best is not null && best.Ram.PeakBytes >= unpatched.PeakBytes) best = null;
        return new PatchSearchResult(unpatched, best, bestIgnoringRam, evaluated);
    }

    /// <summary>The lowered plan's RAM and recompute, or null when the plan cannot be lowered (a tile in the padding).</summary>
    public static PatchCandidate? Evaluate(Graph graph, PatchPlan plan, Func<Graph, int, int> scratchBytes, bool streamInput = false)
    {
        PatchedGraph patched;
        try
        {
            patched = PatchLowering.Lower(graph, plan, streamInput);
        }
        catch (EdgeGenException)
        {
            return null;
        }
        var memory = MemoryPlanner.Plan(patched.Graph, i => scratchBytes(patched.Graph, i), views: patched.Views);
        return new PatchCandidate(plan, RamFigures.Of(patched, memory), patched.ExtraMacs);
    }

    /// <summary>
    /// The MACs computed more than once, from the tiles' windows or the streamed rows alone (without lowering):
    /// every stage operator's MACs are proportional to the output pixels it computes.
    /// Null when some tile would need an empty window.
    /// </summary>
    public static long? ExtraMacs(Graph graph, PatchPlan plan)
    {
        long MacsOf(int op, Rect computed)
        {
            var shape = graph[graph.Operators[op].Output].Shape;
            return graph.Operators[op].Macs(graph) / (shape[1] * shape[2]) * computed.Area;
        }
        long total = 0;
        try
        {
            if (plan.ReuseRows)
            {
                total = RowStream.Schedule(graph, plan).Sum(s => MacsOf(s.Op, s.Output));
            }
            else
            {
                foreach (var tile in plan.Tiles())
                {
                    var needed = ReceptiveField.For(graph, plan.SplitOp, tile);
                    if (needed.Values.Any(w => w.IsEmpty)) return null;
                    for (var i = 0; i <= plan.SplitOp; i++) total += MacsOf(i, needed[graph.Operators[i].Output]);
                }
            }
        }
        catch (EdgeGenException)
        {
            return null;
        }
        for (var i = 0; i <= plan.SplitOp; i++) total -= graph.Operators[i].Macs(graph);
        return total;
    }

    /// <summary>Rows each streamed call computes at most, as the search tries them (fewer rows per call: smaller line buffers, more calls).</summary>
    private static readonly int[] StreamRowsPerCall = { 1, 2, 3, 4, 6, 8 };

    /// <summary>Every candidate: recomputing grids up to the limit per side, and row streams of a few strip heights.</summary>
    private static IEnumerable<PatchPlan> Plans(Graph graph, int maxPerSide)
    {
        foreach (var split in PatchStage.SplitPoints(graph))
        {
            var shape = graph[graph.Operators[split].Output].Shape;
            for (var rows = 1; rows <= Math.Min(shape[1], maxPerSide); rows++)
                for (var cols = 1; cols <= Math.Min(shape[2], maxPerSide); cols++)
                    if (rows * cols > 1) yield return PatchPlan.Even(graph, split, rows, cols);
            foreach (var strips in StreamRowsPerCall.Select(rows => (shape[1] + rows - 1) / rows).Where(n => n >= 2).Distinct())
                yield return PatchPlan.Even(graph, split, strips, 1, reuseRows: true);
        }
    }

    private static bool Better(PatchCandidate a, PatchCandidate? b) => b is null
        || a.Ram.PeakBytes < b.Ram.PeakBytes
        || (a.Ram.PeakBytes == b.Ram.PeakBytes && (a.ExtraMacs < b.ExtraMacs
            || (a.ExtraMacs == b.ExtraMacs && a.Plan.TileCount < b.Plan.TileCount)));
}
