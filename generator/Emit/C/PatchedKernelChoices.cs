using EdgeGen.Ir;
using EdgeGen.Planning;
using EdgeGen.Planning.Patches;
using EdgeGen.Targets;

namespace EdgeGen.Emit.C;

/// <summary>
/// The kernel variants of a patched graph. Two rules layer-by-layer selection does not have:
/// <list type="bullet">
/// <item>one variant for all the patch operators of a model operator, so that they share its
/// constants (a DSP kernel reorders weights, the portable one does not);</item>
/// <item>RAM first: patches exist to cut the peak, so a fast variant whose scratch buffer (a DSP
/// depthwise row ring, say) would raise the arena above what the leanest variants need gives way
/// to the leanest, largest scratch first; fast variants that do not set the peak stay. A fast variant may
/// raise the arena by <see cref="ArenaTolerancePercent"/> % of the lean arena (within the target's RAM): a DSP
/// convolution's im2col columns are a few hundred bytes, and reverting it to the portable kernel costs about
/// five times its instructions.</item>
/// </list>
/// </summary>
public static class PatchedKernelChoices
{
    /// <summary>How much the fast variants may raise the lean arena, in percent.</summary>
    public const int ArenaTolerancePercent = 2;

    public static IReadOnlyList<KernelChoice> Choose(PatchedGraph patched, TargetSpec target, KernelOverrides? overrides = null)
    {
        var graph = patched.Graph;
        var choices = graph.Operators.Select((_, i) => KernelSelection.Choose(graph, i, target, overrides)).ToList();
        var groups = Enumerable.Range(0, choices.Count)
            .GroupBy(i => (patched.SourceOps[i], graph.Operators[i].Kind))
            .Select(g => g.ToList())
            .ToList();
        var pinned = new HashSet<List<int>>();
        foreach (var members in groups)
        {
            var kind = graph.Operators[members[0]].Kind;
            if (overrides is not null && overrides.VariantByKind.TryGetValue(kind, out var forced))
            {
                pinned.Add(members);  // KernelSelection already chose it for each member (or failed)
                continue;
            }
            Pin(choices, members, Fastest(choices, members));
        }

        var lean = RamFigures.Of(patched, Plan(patched, choices.Select(c => c with { Chosen = Leanest(c) }).ToList()));
        var allowedArena = AllowedArena(lean, target);
        var heavy = groups
            .Where(m => !pinned.Contains(m))
            .Where(m => m.Any(i => choices[i].ScratchBytes > Leanest(choices[i]).ScratchBytes))
            .OrderByDescending(m => m.Max(i => choices[i].ScratchBytes - Leanest(choices[i]).ScratchBytes))
            .ToList();
        foreach (var members in heavy)
        {
            if (Arena(patched, choices) <= allowedArena) break;
            Pin(choices, members, SharedLeanest(choices, members));
        }
        return choices;
    }

    /// <summary>Scratch bytes of operator i of a patched graph with the leanest applicable variant (what the patch search plans with).</summary>
    public static Func<Graph, int, int> LeanScratch(TargetSpec target) =>
        (g, i) => Leanest(KernelSelection.Choose(g, i, target)).ScratchBytes;

    /// <summary>The lean arena plus the tolerance, but never more than the target's RAM leaves for it beside input and output.</summary>
    private static long AllowedArena(RamFigures lean, TargetSpec target)
    {
        var allowed = lean.ArenaBytes + (long)lean.ArenaBytes * ArenaTolerancePercent / 100;
        if (target.Budgets.RamBytes <= 0) return allowed;
        return Math.Max(lean.ArenaBytes, Math.Min(allowed, target.Budgets.RamBytes - lean.InputBytes - lean.OutputBytes));
    }

    private static int Arena(PatchedGraph patched, IReadOnlyList<KernelChoice> choices) => Plan(patched, choices).ArenaBytes;

    private static MemoryPlan Plan(PatchedGraph patched, IReadOnlyList<KernelChoice> choices) =>
        MemoryPlanner.Plan(patched.Graph, i => choices[i].ScratchBytes, views: patched.Views);

    private static KernelOption Leanest(KernelChoice c) =>
        c.Options.OrderBy(o => o.ScratchBytes).ThenBy(o => o.EstimatedInstructions).ThenBy(o => o.Name, StringComparer.Ordinal).First();

    /// <summary>The variant that applies to every member with the lowest summed estimate.</summary>
    private static string Fastest(List<KernelChoice> choices, List<int> members) =>
        Shared(choices, members)
            .OrderBy(name => members.Sum(i => Option(choices[i], name).EstimatedInstructions))
            .ThenBy(name => name, StringComparer.Ordinal)
            .First();

    /// <summary>The variant that applies to every member with the least scratch at its worst member.</summary>
    private static string SharedLeanest(List<KernelChoice> choices, List<int> members) =>
        Shared(choices, members)
            .OrderBy(name => members.Max(i => Option(choices[i], name).ScratchBytes))
            .ThenBy(name => members.Sum(i => Option(choices[i], name).EstimatedInstructions))
            .ThenBy(name => name, StringComparer.Ordinal)
            .First();

    private static IEnumerable<string> Shared(List<KernelChoice> choices, List<int> members) =>
        members.Select(i => choices[i].Options.Select(o => o.Name)).Aggregate((a, b) => a.Intersect(b).ToList());

    private static KernelOption Option(KernelChoice c, string name) => c.Options.First(o => o.Name == name);

    private static void Pin(List<KernelChoice> choices, List<int> members, string name)
    {
        foreach (var i in members) choices[i] = choices[i] with { Chosen = Option(choices[i], name) };
    }
}
