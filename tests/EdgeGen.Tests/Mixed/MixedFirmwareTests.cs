using System.Collections.Immutable;
using EdgeGen.Ir;
using EdgeGen.Ir.Ops;
using EdgeGen.Pipeline;
using EdgeGen.Planning.Mixed;
using EdgeGen.Planning.Patches;
using EdgeGen.Reference;
using EdgeGen.Reference.Mixed;
using EdgeGen.Targets;
using EdgeGen.Tests.Support;
using Xunit;

namespace EdgeGen.Tests.Mixed;

/// <summary>
/// Generated mixed-precision code equals the reference interpreter running the same plan, bit for
/// bit, on the host and on Cortex-M4; outlier patches take the int8 path.
/// </summary>
public class MixedFirmwareTests
{
    public static IEnumerable<object[]> Cases() =>
        from c in PatchGraphs.All()
        from plan in new[] { "3x2@mid", "2x3@last", "2x3@last+stream" }
        from bits in new[] { "4", "2", "4/2" }
        where !plan.EndsWith("+stream", StringComparison.Ordinal) || bits == "4/2"
        from target in new[] { "host", "cortex-m4" }
        select new object[] { c.Name, plan, bits, target };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Mixed_code_matches_the_mixed_reference(string name, string plan, string bits, string target)
    {
        var c = PatchGraphs.Get(name);
        var request = Request(c.Graph, plan);
        var mixedPlan = LowPlan(c.Graph, request.SplitOp, bits, threshold: 255);
        using var dir = new TempDirectory();
        var run = Compiler.Run(c.Graph, TargetCatalog.Find(target), new[] { c.Input }, dir.Path,
            options: new CompileOptions(Patches: new PatchOptions(request, InputStream: plan.EndsWith("+stream", StringComparison.Ordinal), Mixed: MixedOptions.Given(mixedPlan))));
        var mixed = run.Project.Model.Mixed!;
        Assert.NotNull(mixed);
        Assert.True(run.MatchesReference, $"{name} {plan} at {bits} bits on {target}: generated output differs from the mixed reference");
        // The low-bit path really ran: its output is not the int8 model's.
        Assert.NotEqual(ReferenceInterpreter.Run(c.Graph, new[] { c.Input })[0], run.Measurement.Outputs[0]);
    }

    [Theory]
    [InlineData("strided_stem", "host")]
    [InlineData("strided_stem", "cortex-m4")]
    [InlineData("residual_stem", "cortex-m4")]
    public void A_patch_whose_input_window_has_an_outlier_runs_at_eight_bits(string name, string target)
    {
        var c = PatchGraphs.Get(name);
        var split = PatchStage.SplitPoints(c.Graph)[^1];
        var request = PatchRequest.Parse($"2x2@{split}");
        var input = c.Graph[c.Graph.Inputs[0]];
        var zp = input.Quant.ZeroPoint;
        // A calm image (values near the zero point) with one spike in the top-left corner.
        var rng = new Random(7);
        var bytes = Enumerable.Range(0, input.ByteSize).Select(_ => (byte)(sbyte)(zp + rng.Next(-20, 21))).ToArray();
        bytes[0] = (byte)(sbyte)(zp > 0 ? -128 : 127);
        var plan = LowPlan(c.Graph, split, "4", threshold: 30);
        var mixed = MixedLowering.Lower(PatchLowering.Lower(c.Graph, PatchPlan.Even(c.Graph, split, 2, 2)), plan);
        var result = MixedReference.Run(mixed, new[] { bytes });
        var windows = PatchPlan.Even(c.Graph, split, 2, 2).Tiles().Select(t => ReceptiveField.For(c.Graph, split, t)[input.Id]).ToList();
        for (var t = 0; t < windows.Count; t++)
            Assert.Equal(windows[t].Rows.Start <= 0 && windows[t].Cols.Start <= 0, result.Outliers[t]);
        Assert.Contains(true, result.Outliers);
        Assert.Contains(false, result.Outliers);

        // Every outlier tile's rows of the split output equal the int8 model's; an inlier tile's do not.
        var split8 = SplitTensor(c.Graph, split, bytes);
        var splitMixed = SplitTensorMixed(mixed, bytes);
        var shape = c.Graph[c.Graph.Operators[split].Output].Shape;
        var tiles = PatchPlan.Even(c.Graph, split, 2, 2).Tiles().ToList();
        for (var t = 0; t < tiles.Count; t++)
        {
            var same = Region(split8, shape, tiles[t]).SequenceEqual(Region(splitMixed, shape, tiles[t]));
            if (result.Outliers[t]) Assert.True(same, $"outlier tile {t} did not run at 8 bits");
        }
        Assert.Contains(Enumerable.Range(0, tiles.Count), t => !result.Outliers[t] && !Region(split8, shape, tiles[t]).SequenceEqual(Region(splitMixed, shape, tiles[t])));

        using var dir = new TempDirectory();
        var run = Compiler.Run(c.Graph, TargetCatalog.Find(target), new[] { bytes }, dir.Path,
            options: new CompileOptions(Patches: new PatchOptions(request, Mixed: MixedOptions.Given(plan))));
        Assert.True(run.MatchesReference, $"{name} on {target}: generated output differs from the mixed reference with an outlier patch");
        Assert.Equal(result.Outputs[0], run.Measurement.Outputs[0]);
    }

    [Fact]
    public void Every_patch_an_outlier_gives_the_int8_model_output()
    {
        var c = PatchGraphs.Get("residual_stem");
        var request = Request(c.Graph, "3x2@mid");
        var plan = LowPlan(c.Graph, request.SplitOp, "2", threshold: -1);
        var mixed = MixedLowering.Lower(PatchLowering.Lower(c.Graph, PatchPlan.Even(c.Graph, request.SplitOp, 3, 2)), plan);
        var result = MixedReference.Run(mixed, new[] { c.Input });
        Assert.All(result.Outliers, Assert.True);
        Assert.Equal(ReferenceInterpreter.Run(c.Graph, new[] { c.Input })[0], result.Outputs[0]);
    }

    [Fact]
    public void Mixed_generation_with_a_searched_plan_is_deterministic()
    {
        var c = PatchGraphs.Get("residual_stem");
        var rng = new Random(3);
        var calibration = Enumerable.Range(0, 3).Select(_ => { var b = new byte[c.Input.Length]; rng.NextBytes(b); return b; }).ToList();
        var options = new PatchOptions(Request(c.Graph, "3x2@mid"), Mixed: new MixedOptions(calibration, Search: new MixedSearchOptions(0.2, 0.8)));
        var first = EdgeGen.Emit.Project.ProjectEmitter.Files(ModelPlanning.Create(c.Graph, TargetCatalog.Find("cortex-m4"), options));
        var second = EdgeGen.Emit.Project.ProjectEmitter.Files(ModelPlanning.Create(c.Graph, TargetCatalog.Find("cortex-m4"), options));
        Assert.Equal(first.Keys, second.Keys);
        foreach (var (file, content) in first) Assert.True(content == second[file], $"{file} differs between two generations");
        Assert.Contains("eg_pack", first["model.c"]);
    }

    [Fact]
    public void Row_streams_are_refused_with_a_clear_message()
    {
        var c = PatchGraphs.Get("strided_stem");
        var split = PatchStage.SplitPoints(c.Graph)[^1];
        var ex = Assert.Throws<EdgeGenException>(() => ModelPlanning.Create(c.Graph, TargetCatalog.Find("host"),
            new PatchOptions(PatchRequest.Parse($"4x1@{split}:reuse"), Mixed: MixedOptions.Given(LowPlan(c.Graph, split, "4", 255)))));
        Assert.Contains("tiled patch plan", ex.Message);
        var off = Assert.Throws<EdgeGenException>(() => ModelPlanning.Create(c.Graph, TargetCatalog.Find("host"),
            new PatchOptions(PatchRequest.Off, Mixed: MixedOptions.Given(LowPlan(c.Graph, split, "4", 255)))));
        Assert.Contains("--mixed-precision needs patch-based inference", off.Message);
    }

    /// <summary>Every int8 feature map inside the stage at the given bits ("4/2" alternates), with the format that best fits the case's own values.</summary>
    internal static MixedPlan LowPlan(Graph graph, int split, string bits, int threshold)
    {
        var maps = Enumerable.Range(0, split).Select(i => graph.Operators[i].Output).Distinct().ToList();
        var stats = maps.ToDictionary(t => t, t => new FeatureMapStats(graph[t].Quant.ZeroPoint));
        var rng = new Random(5);
        var input = new byte[graph[graph.Inputs[0]].ByteSize];
        rng.NextBytes(input);
        ReferenceInterpreter.Run(graph, new[] { input }, (i, store) =>
        {
            if (stats.TryGetValue(graph.Operators[i].Output, out var s)) s.Add(store.Int8(graph.Operators[i].Output));
        });
        var formats = maps.Select((t, k) => (t, b: bits == "4/2" ? (k % 2 == 0 ? 4 : 2) : int.Parse(bits, System.Globalization.CultureInfo.InvariantCulture)))
            .ToImmutableDictionary(x => x.t, x => stats[x.t].BestFormat(x.b));
        return new MixedPlan(formats, threshold);
    }

    private static PatchRequest Request(Graph graph, string plan)
    {
        var splits = PatchStage.SplitPoints(graph);
        return plan.StartsWith("3x2@mid", StringComparison.Ordinal) ? PatchRequest.Parse($"3x2@{splits[splits.Count / 2]}") : PatchRequest.Parse($"2x3@{splits[^1]}");
    }

    private static byte[] SplitTensor(Graph graph, int split, byte[] input)
    {
        byte[]? result = null;
        ReferenceInterpreter.Run(graph, new[] { input }, (i, store) => { if (i == split) result = (byte[])store.Bytes(graph.Operators[i].Output).Clone(); });
        return result!;
    }

    /// <summary>The split tensor the mixed graph assembles (the output of its last placement).</summary>
    private static byte[] SplitTensorMixed(MixedGraph mixed, byte[] input)
    {
        var source = mixed.Patched.Source;
        var splitId = source.Operators[mixed.Patched.Plan.SplitOp].Output;
        // The split op is the last stage operator; when it is the model's last, its tensor is the output.
        Assert.Equal(splitId, source.Outputs[0]);
        return MixedReference.Run(mixed, new[] { input }).Outputs[0];
    }

    private static IEnumerable<byte> Region(byte[] bytes, Shape shape, Rect tile)
    {
        for (var y = tile.Rows.Start; y < tile.Rows.End; y++)
            for (var x = tile.Cols.Start; x < tile.Cols.End; x++)
                for (var k = 0; k < shape[3]; k++)
                    yield return bytes[(y * shape[2] + x) * shape[3] + k];
    }
}
