using EdgeGen.Ir.Ops;
using EdgeGen.Planning.Mixed;
using EdgeGen.Planning.Patches;
using EdgeGen.Tests.Support;
using Xunit;

namespace EdgeGen.Tests.Mixed;

/// <summary>The value-driven search's limits and the BitOPs it reports.</summary>
public class MixedSearchTests
{
    private static (EdgeGen.Ir.Graph Graph, PatchPlan Plan, List<byte[]> Calibration) Setup()
    {
        var c = PatchGraphs.Get("strided_stem");
        var split = PatchStage.SplitPoints(c.Graph)[^1];
        var rng = new Random(9);
        var calibration = Enumerable.Range(0, 4).Select(_ => { var b = new byte[c.Input.Length]; rng.NextBytes(b); return b; }).ToList();
        return (c.Graph, PatchPlan.Even(c.Graph, split, 2, 2), calibration);
    }

    [Fact]
    public void No_entropy_budget_keeps_every_map_at_eight_bits_and_a_full_budget_lowers_every_map_to_two()
    {
        var (graph, plan, calibration) = Setup();
        Assert.Empty(MixedSearch.Search(graph, plan, calibration, new MixedSearchOptions(0.1, 0)).Plan.Formats);
        var all = MixedSearch.Search(graph, plan, calibration, new MixedSearchOptions(0.1, 1));
        // Maps read by an operator with MACs save BitOPs and go to 2 bits; maps only pools read save none and stay.
        bool SavesBitOps(int t) => graph.Operators.Take(plan.SplitOp + 1).Any(o => o.Inputs.Contains(t) && o.Macs(graph) > 0);
        var maps = Enumerable.Range(0, plan.SplitOp).Select(i => graph.Operators[i].Output).Distinct().ToList();
        Assert.Contains(maps, SavesBitOps);
        Assert.All(maps, t => Assert.Equal(SavesBitOps(t) ? 2 : 8, all.Plan.BitsOf(t)));
        // Each map went 8 -> 4 -> 2 one step at a time.
        Assert.Equal(2 * all.Plan.Formats.Count, all.Steps.Count);
    }

    [Fact]
    public void The_threshold_leaves_the_outlier_share_of_calibration_patches_above_it()
    {
        var (graph, plan, calibration) = Setup();
        var mixed = MixedLowering.Lower(PatchLowering.Lower(graph, plan), new MixedPlan(System.Collections.Immutable.ImmutableDictionary<int, LowBitFormat>.Empty, 0));
        foreach (var share in new[] { 0.0, 0.25, 0.5, 1.0 })
        {
            var threshold = MixedSearch.Threshold(graph, plan, calibration, share);
            var outliers = calibration.Sum(input => EdgeGen.Reference.Mixed.MixedReference.Run(mixed with { Plan = mixed.Plan with { Threshold = threshold } }, new[] { input }).Outliers.Count(o => o));
            Assert.True(outliers <= share * calibration.Count * plan.TileCount, $"share {share}: threshold {threshold} leaves {outliers} outlier patches");
        }
    }

    [Fact]
    public void Bitops_of_a_mixed_graph_with_every_patch_an_outlier_are_the_int8_patched_graphs()
    {
        var (graph, plan, calibration) = Setup();
        var patched = PatchLowering.Lower(graph, plan);
        var search = MixedSearch.Search(graph, plan, calibration, new MixedSearchOptions(0.1, 1));
        var mixed = MixedLowering.Lower(patched, search.Plan);
        Assert.Equal(BitOps.Of(patched.Graph), BitOps.Of(mixed, Enumerable.Repeat(true, plan.TileCount).ToList()));
        Assert.Equal(patched.Graph.TotalMacs, mixed.EightBitMacs);
        // All low: every MAC of a stage operator reading a lowered map costs 2 activation bits instead of 8.
        var low = BitOps.Of(mixed, new bool[plan.TileCount]);
        Assert.True(low < BitOps.Of(patched.Graph));
    }
}
