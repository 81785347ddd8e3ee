using EdgeGen.Import.TFLite;
using EdgeGen.Pipeline;
using EdgeGen.Planning.Patches;
using EdgeGen.Reference;
using EdgeGen.Targets;
using EdgeGen.Tests.Support;
using EdgeGen.Toolchain;
using Xunit;

namespace EdgeGen.Tests.Patches;

/// <summary>
/// Generated patch-based firmware equals the unpatched output bit for bit: every case of every
/// shared CNN on the host and on Cortex-M4 in QEMU (the planner's own choice and a recomputing
/// 2-D grid), and the hand-built border cases with grids and row streams that put patches on every border.
/// </summary>
public class PatchFirmwareTests
{
    /// <summary>Every shared CNN with the planner's choice (rows streamed where it patches) and with a recomputing 2-D grid.</summary>
    public static IEnumerable<object[]> SharedCnns() =>
        from model in new[] { "vww_96_int8", "person_detect", "kws_ref_model", "pretrainedResnet_quant" }
        from plan in new[] { "auto", "3x2@mid" }
        from target in new[] { "host", "cortex-m4" }
        where SharedData.Available
        select new object[] { model, plan, target };

    public static IEnumerable<object[]> BorderCases() =>
        from c in PatchGraphs.All()
        from plan in new[] { "3x2@mid", "2x3@last", "max@first", "4x1@last:reuse", "max@first:reuse", "3x2@mid+stream", "4x1@last:reuse+stream" }
        from target in new[] { "host", "cortex-m4" }
        select new object[] { c.Name, plan, target };

    [SharedTheory]
    [MemberData(nameof(SharedCnns))]
    public void Patched_firmware_matches_golden_on_every_case(string model, string plan, string target)
    {
        SharedData.RequireModels();
        var graph = TfliteImporter.Load(SharedModels.ModelPath(model));
        var spec = TargetCatalog.Find(target);
        var splits = PatchStage.SplitPoints(graph);
        var options = new PatchOptions(plan == "auto" ? PatchRequest.Auto : PatchRequest.Parse($"3x2@{splits[splits.Count / 2]}"));
        using var dir = new TempDirectory();
        var (project, _) = Compiler.GenerateAndBuild(graph, spec, dir.File("project"), options: new CompileOptions(Patches: options));
        Assert.NotNull(project.Model.Patches);
        foreach (var c in SharedModels.Cases(model))
        {
            var run = TargetRunner.Run(project, new[] { File.ReadAllBytes(c.InputPath) });
            Assert.True(File.ReadAllBytes(c.OutputPath).AsSpan().SequenceEqual(run.Outputs[0]), $"{c} on {target} with patches {project.Model.Patches!.Plan}: output differs from the golden");
        }
    }

    [Theory]
    [MemberData(nameof(BorderCases))]
    public void Patched_border_cases_match_the_reference(string name, string plan, string target)
    {
        var c = PatchGraphs.Get(name);
        var splits = PatchStage.SplitPoints(c.Graph);
        var stream = plan.EndsWith("+stream", StringComparison.Ordinal);
        var request = plan.Replace("+stream", "") switch
        {
            "3x2@mid" => PatchRequest.Parse($"3x2@{splits[splits.Count / 2]}"),
            "2x3@last" => PatchRequest.Parse($"2x3@{splits[^1]}"),
            "4x1@last:reuse" => PatchRequest.Parse($"4x1@{splits[^1]}:reuse"),
            "max@first:reuse" => MaxGrid(c.Graph, splits[0]) with { Cols = 1, ReuseRows = true },
            _ => MaxGrid(c.Graph, splits[0]),
        };
        using var dir = new TempDirectory();
        var run = Compiler.Run(c.Graph, TargetCatalog.Find(target), new[] { c.Input }, dir.Path, options: new CompileOptions(Patches: new PatchOptions(request, InputStream: stream)));
        Assert.Equal(stream, run.Project.Model.Patches!.StreamsInput);
        Assert.True(run.MatchesReference, $"{name} with patches {request} on {target}: generated output differs from the reference");
        Assert.Equal(ReferenceInterpreter.Run(c.Graph, new[] { c.Input })[0], run.Measurement.Outputs[0]);
    }

    [SharedTheory]
    [InlineData("vww_96_int8")]
    [InlineData("person_detect")]
    public void Streamed_input_firmware_matches_golden_on_cortex_m4(string model)
    {
        SharedData.RequireModels();
        var graph = TfliteImporter.Load(SharedModels.ModelPath(model));
        using var dir = new TempDirectory();
        var (project, _) = Compiler.GenerateAndBuild(graph, TargetCatalog.Find("cortex-m4"), dir.File("project"), options: new CompileOptions(Patches: new PatchOptions(PatchRequest.Auto, InputStream: true)));
        Assert.True(project.Model.Patches!.StreamsInput);
        Assert.Contains($"int {model}_invoke(int8_t *output0);", File.ReadAllText(Path.Combine(project.Directory, "model.h")));
        foreach (var c in SharedModels.Cases(model))
        {
            var run = TargetRunner.Run(project, new[] { File.ReadAllBytes(c.InputPath) });
            Assert.True(File.ReadAllBytes(c.OutputPath).AsSpan().SequenceEqual(run.Outputs[0]), $"{c} with a streamed input: output differs from the golden");
        }
    }

    /// <summary>One tile per pixel of the split output: every tile is a border or corner case somewhere.</summary>
    private static PatchRequest MaxGrid(EdgeGen.Ir.Graph graph, int split)
    {
        var shape = graph[graph.Operators[split].Output].Shape;
        return PatchRequest.Parse($"{shape[1]}x{shape[2]}@{split}");
    }
}

/// <summary>The generated code of a patched model, reviewed as a snapshot, and generated the same way every time.</summary>
public class PatchedCodeSnapshotTests
{
    [Fact]
    public void Streamed_model_source_matches_snapshot()
    {
        var c = PatchGraphs.Get("strided_stem");
        var model = ModelPlanning.Create(c.Graph, TargetCatalog.Find("host"), new PatchOptions(PatchRequest.Parse("3x1@3:reuse"), InputStream: true));
        var files = EdgeGen.Emit.Project.ProjectEmitter.Files(model);
        Snapshot.Verify("patched_strided_stem_3x1_reuse_stream.host.model", "c", files["model.c"]);
    }

    [Fact]
    public void Strips_in_the_steady_state_run_as_one_loop()
    {
        var c = PatchGraphs.Get("strided_stem");
        var model = ModelPlanning.Create(c.Graph, TargetCatalog.Find("host"), new PatchOptions(PatchRequest.Parse("12x1@0:reuse")));
        var source = EdgeGen.Emit.Project.ProjectEmitter.Files(model)["model.c"];
        Assert.Matches(@"/\* strips 2\.\.\d+ of 12 \(12x1@0:reuse\)", source);
        Assert.Contains("for (t = 0; t < ", source);
        Assert.Contains(" * t)", source);
    }

    [Fact]
    public void Patched_generation_is_deterministic()
    {
        foreach (var c in PatchGraphs.All())
            foreach (var plan in new[] { "auto", $"3x2@{PatchStage.SplitPoints(c.Graph)[^1]}" })
            {
                var options = new PatchOptions(PatchRequest.Parse(plan), InputStream: true);
                var first = EdgeGen.Emit.Project.ProjectEmitter.Files(ModelPlanning.Create(c.Graph, TargetCatalog.Find("cortex-m4"), options));
                var second = EdgeGen.Emit.Project.ProjectEmitter.Files(ModelPlanning.Create(c.Graph, TargetCatalog.Find("cortex-m4"), options));
                Assert.Equal(first.Keys, second.Keys);
                foreach (var (file, content) in first) Assert.True(content == second[file], $"{c.Name} {plan}: {file} differs between two generations");
            }
    }
}
