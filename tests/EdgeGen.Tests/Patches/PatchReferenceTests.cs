using EdgeGen.Import.TFLite;
using EdgeGen.Ir;
using EdgeGen.Ir.Ops;
using EdgeGen.Planning.Patches;
using EdgeGen.Reference;
using EdgeGen.Tests.Support;
using Xunit;

namespace EdgeGen.Tests.Patches;

/// <summary>
/// The proof that the receptive-field arithmetic is exact: a patched graph run by the reference
/// interpreter produces the plain graph's bytes, for every place the patch stage can end and
/// grids with patches on every border, on every shared CNN and on hand-built border cases.
/// </summary>
public class PatchReferenceTests
{
    /// <summary>Grids: square and not, one row or column of tiles, and strips that reuse shared rows (Cols 1, Reuse).</summary>
    private static readonly (int Rows, int Cols, bool Reuse)[] Grids = { (2, 2, false), (3, 3, false), (3, 1, true), (1, 3, false), (4, 1, false), (2, 5, false), (5, 4, false), (2, 1, true) };

    public static IEnumerable<object[]> SharedCnns() => new[] { "vww_96_int8", "person_detect", "kws_ref_model", "pretrainedResnet_quant" }
        .Where(_ => SharedData.Available).Select(m => new object[] { m });

    [Theory]
    [MemberData(nameof(PatchGraphs.Names), MemberType = typeof(PatchGraphs))]
    public void Every_split_and_grid_matches_the_plain_graph_on_border_cases(string name)
    {
        var c = PatchGraphs.Get(name);
        var splits = PatchStage.SplitPoints(c.Graph);
        Assert.NotEmpty(splits);
        var plain = Intermediates(c.Graph, c.Input);
        foreach (var split in splits)
        {
            var shape = c.Graph[c.Graph.Operators[split].Output].Shape;
            var grids = Grids.Append((Rows: shape[1], Cols: shape[2], Reuse: false)).Append((Rows: shape[1], Cols: 1, Reuse: true))
                .Where(g => g.Rows <= shape[1] && g.Cols <= shape[2] && g.Rows * g.Cols > 1);
            foreach (var (rows, cols, reuse) in grids)
            {
                var plan = PatchPlan.Even(c.Graph, split, rows, cols, reuse);
                if (c.Graph.Operators[split] is Pad && rows == shape[1] && !reuse)
                {
                    // One-pixel tiles of a PAD's border lie wholly in the padding: refused, not miscomputed (streamed rows take them with their neighbours).
                    Assert.Contains("no pixel", Assert.Throws<EdgeGenException>(() => PatchLowering.Lower(c.Graph, plan)).Message);
                    continue;
                }
                AssertStageMatches(c.Graph, c.Input, plain, plan);
            }
        }
    }

    [Theory]
    [MemberData(nameof(PatchGraphs.Names), MemberType = typeof(PatchGraphs))]
    public void Patched_graph_is_valid_and_gives_the_same_output(string name)
    {
        var c = PatchGraphs.Get(name);
        var split = PatchStage.SplitPoints(c.Graph).Count / 2;
        foreach (var plan in new[] { PatchPlan.Even(c.Graph, split, 3, 2), PatchPlan.Even(c.Graph, split, 3, 1, reuseRows: true) })
        foreach (var streamInput in new[] { false, true })
        {
            var patched = PatchLowering.Lower(c.Graph, plan, streamInput);
            GraphValidator.Validate(patched.Graph, name);
            Assert.Equal(streamInput, patched.Graph.Operators.OfType<InputWindow>().Any());
            Assert.Equal(ReferenceInterpreter.Run(c.Graph, new[] { c.Input })[0], ReferenceInterpreter.Run(patched.Graph, new[] { c.Input })[0]);
        }
    }

    [Fact]
    public void A_stage_may_not_end_where_another_tensor_leaves_it()
    {
        var g = PatchGraphs.Get("residual_stem").Graph;
        Assert.Equal(new[] { 0, 3, 4, 7, 8, 9 }, PatchStage.SplitPoints(g));
        Assert.Contains("operator #3 ADD reads tensor", PatchStage.WhyNotSplit(g, 1));
        Assert.Contains("operator #6 AVERAGE_POOL_2D reads tensor", PatchStage.WhyNotSplit(g, 5));
        Assert.Contains("operator #7 CONCATENATION reads tensor", PatchStage.WhyNotSplit(g, 6));
        var e = Assert.Throws<EdgeGenException>(() => PatchLowering.Lower(g, PatchPlan.Even(g, 2, 2, 2)));
        Assert.Contains("cannot end at operator #2", e.Message);
    }

    [SharedFact]
    public void A_stage_stops_at_the_first_operator_that_is_not_spatially_local()
    {
        SharedData.RequireModels();
        var g = TfliteImporter.Load(SharedModels.ModelPath("vww_96_int8"));
        Assert.Equal(Enumerable.Range(0, 27), PatchStage.SplitPoints(g));
        Assert.Contains("operator #28 RESHAPE cannot run patch by patch", PatchStage.WhyNotSplit(g, 28));
    }

    [SharedTheory]
    [MemberData(nameof(SharedCnns))]
    public void Every_split_matches_the_plain_graph_on_shared_cnns(string model)
    {
        SharedData.RequireModels();
        var graph = TfliteImporter.Load(SharedModels.ModelPath(model));
        var input = File.ReadAllBytes(SharedModels.Cases(model).First().InputPath);
        var plain = Intermediates(graph, input);
        var splits = PatchStage.SplitPoints(graph);
        Assert.NotEmpty(splits);
        var k = 0;
        foreach (var split in splits)
        {
            var shape = graph[graph.Operators[split].Output].Shape;
            var (rows, cols, reuse) = Grids[k++ % Grids.Length];
            AssertStageMatches(graph, input, plain, PatchPlan.Even(graph, split, Math.Min(rows, shape[1]), Math.Min(cols, shape[2]), reuse));
            AssertStageMatches(graph, input, plain, PatchPlan.Even(graph, split, shape[1], 1, reuseRows: true));
        }
    }

    [SharedTheory]
    [MemberData(nameof(SharedCnns))]
    public void Patched_shared_cnn_gives_the_golden_output(string model)
    {
        SharedData.RequireModels();
        var graph = TfliteImporter.Load(SharedModels.ModelPath(model));
        var splits = PatchStage.SplitPoints(graph);
        var patched = PatchLowering.Lower(graph, PatchPlan.Even(graph, splits[splits.Count / 2], 3, 3));
        GraphValidator.Validate(patched.Graph, model);
        foreach (var c in SharedModels.Cases(model).Take(2))
            Assert.Equal(File.ReadAllBytes(c.OutputPath), ReferenceInterpreter.Run(patched.Graph, new[] { File.ReadAllBytes(c.InputPath) })[0]);
    }

    [Fact]
    public void Strips_that_reuse_rows_compute_every_pixel_once()
    {
        var c = PatchGraphs.Get("strided_stem");
        var last = c.Graph.Operators.Length - 1;
        var reuse = PatchLowering.Lower(c.Graph, PatchPlan.Even(c.Graph, last, 5, 1, reuseRows: true));
        // Nothing is computed twice; rows no later operator reads (below a VALID window) are not computed at all.
        Assert.True(reuse.ExtraMacs <= 0, $"{reuse.ExtraMacs} extra MACs");
        Assert.Equal(reuse.ExtraMacs, PatchSearch.ExtraMacs(c.Graph, reuse.Plan));
        var recompute = PatchLowering.Lower(c.Graph, PatchPlan.Even(c.Graph, last, 5, 1));
        Assert.True(recompute.ExtraMacs > 0);
        Assert.Equal(recompute.ExtraMacs, PatchSearch.ExtraMacs(c.Graph, recompute.Plan));
        Assert.Contains("only full-width strips", Assert.Throws<EdgeGenException>(() => PatchPlan.Even(c.Graph, last, 2, 2, reuseRows: true)).Message);
    }

    [Fact]
    public void A_streamed_input_is_asked_for_each_row_once_top_to_bottom()
    {
        var c = PatchGraphs.Get("strided_stem");
        var patched = PatchLowering.Lower(c.Graph, PatchPlan.Even(c.Graph, 3, 5, 1, reuseRows: true), streamInput: true);
        var windows = patched.Graph.Operators.OfType<InputWindow>().Select(w => (w.Top, Rows: patched.Graph[w.Output].Shape[1], Cols: patched.Graph[w.Output].Shape[2])).ToList();
        Assert.Equal(Enumerable.Range(0, 23), windows.SelectMany(w => Enumerable.Range(w.Top, w.Rows)));
        Assert.All(windows, w => Assert.Equal(19, w.Cols));

        var graph = OperatorGraphs.Get("fully_connected").Graph;
        var residual = PatchGraphs.Get("residual_stem").Graph;
        Assert.Contains("is not a single NHWC image", PatchLowering.WhyNotStreamed(graph, 0));
        Assert.Null(PatchLowering.WhyNotStreamed(residual, 0));
    }

    /// <summary>Every tensor of a plain reference run, by id.</summary>
    private static Dictionary<int, byte[]> Intermediates(Graph graph, byte[] input)
    {
        var values = new Dictionary<int, byte[]>();
        ReferenceInterpreter.Run(graph, new[] { input }, (i, store) => values[graph.Operators[i].Output] = (byte[])store.Bytes(graph.Operators[i].Output).Clone());
        return values;
    }

    /// <summary>Runs only the lowered patch stage and compares the assembled split tensor with the plain run's.</summary>
    private static void AssertStageMatches(Graph graph, byte[] input, Dictionary<int, byte[]> plain, PatchPlan plan)
    {
        var patched = PatchLowering.Lower(graph, plan);
        var split = graph.Operators[plan.SplitOp].Output;
        var stageOps = patched.SourceOps.Count(s => s <= plan.SplitOp);
        var stage = patched.Graph with
        {
            Operators = System.Collections.Immutable.ImmutableArray.CreateRange(patched.Graph.Operators.Take(stageOps)),
            Outputs = System.Collections.Immutable.ImmutableArray.Create(split),
        };
        GraphValidator.Validate(stage, plan.ToString());
        var assembled = ReferenceInterpreter.Run(stage, new[] { input })[0];
        var expected = plain[split];
        var first = Enumerable.Range(0, expected.Length).FirstOrDefault(i => expected[i] != assembled[i], -1);
        Assert.True(first < 0, $"{graph.Name} plan {plan}: split tensor differs first at byte {first}");
    }
}
