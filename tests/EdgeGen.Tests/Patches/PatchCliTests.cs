using System.Text.Json.Nodes;
using EdgeGen.Export;
using EdgeGen.Import.TFLite;
using EdgeGen.Pipeline;
using EdgeGen.Planning.Patches;
using EdgeGen.Targets;
using EdgeGen.Tests.Support;
using Xunit;

namespace EdgeGen.Tests.Patches;

/// <summary>The patch options and figures through the real CLI, and the planner's refusal when nothing fits.</summary>
public class PatchCliTests
{
    [Fact]
    public void Run_json_reports_peak_and_activation_ram_and_the_patch_plan()
    {
        using var dir = new TempDirectory();
        var (model, input) = Save(dir, "strided_stem");
        var r = EdgegenCli.Run("run", model, "--target", "host", "--input", input, "--output", dir.File("out.bin"), "--patch", "3x2@3", "--json");
        Assert.True(r.ExitCode == 0, r.ToString());
        var json = JsonNode.Parse(r.Stdout)!;
        Assert.True(json["matches_reference"]!.GetValue<bool>());
        var arena = json["arena_bytes"]!.GetValue<int>();
        Assert.Equal(arena + 23 * 19 * 3 + 5 * 4 * 12, json["peak_ram_bytes"]!.GetValue<long>());
        Assert.Equal(arena + 5 * 4 * 12, json["activation_ram_bytes"]!.GetValue<long>());
        var patch = json["patch"]!;
        Assert.Equal("3x2@3", patch["plan"]!.GetValue<string>());
        Assert.Equal(3, patch["split_operator"]!.GetValue<int>());
        Assert.Equal("[0,1,3,5]", patch["row_cuts"]!.ToJsonString());
        Assert.True(patch["extra_macs"]!.GetValue<long>() > 0);

        var plain = JsonNode.Parse(EdgegenCli.Run("run", model, "--target", "host", "--input", input, "--output", dir.File("out2.bin"), "--json").Stdout)!;
        Assert.Null(plain["patch"]);
        Assert.Equal(plain["peak_ram_bytes"]!.GetValue<long>(), patch["unpatched_peak_ram_bytes"]!.GetValue<long>());
        Assert.Equal(File.ReadAllBytes(dir.File("out.bin")), File.ReadAllBytes(dir.File("out2.bin")));
    }

    [Fact]
    public void An_input_stream_needs_no_input_buffer()
    {
        using var dir = new TempDirectory();
        var (model, input) = Save(dir, "strided_stem");
        var r = EdgegenCli.Run("run", model, "--target", "host", "--input", input, "--output", dir.File("out.bin"), "--patch", "4x1@3:reuse", "--input-stream", "--json", "--out", dir.File("p"));
        Assert.True(r.ExitCode == 0, r.ToString());
        var json = JsonNode.Parse(r.Stdout)!;
        Assert.True(json["matches_reference"]!.GetValue<bool>());
        Assert.Equal(json["activation_ram_bytes"]!.GetValue<long>(), json["peak_ram_bytes"]!.GetValue<long>());
        Assert.True(json["patch"]!["input_streamed"]!.GetValue<bool>());
        Assert.Contains("void strided_stem_read_input(int input, int row, int col, int rows, int cols, int8_t *window);", File.ReadAllText(dir.File("p/model.h")));

        var off = EdgegenCli.Run("build", model, "--target", "host", "--out", dir.File("q"), "--input-stream");
        Assert.Equal(1, off.ExitCode);
        Assert.Contains("--input-stream needs patch-based inference", off.Stderr);

        var dense = OperatorGraphs.Get("fully_connected").Graph;
        var e = Assert.Throws<EdgeGenException>(() => ModelPlanning.Create(dense, TargetCatalog.Find("host"), new PatchOptions(PatchRequest.Auto, InputStream: true)));
        Assert.Contains("--input-stream needs patch-based inference, and the model cannot run patch by patch (operator #0 FULLY_CONNECTED", e.Message);
    }

    [Fact]
    public void Inspect_memory_shows_ram_per_operator_with_and_without_patches_and_writes_the_chart()
    {
        using var dir = new TempDirectory();
        var (model, _) = Save(dir, "strided_stem");
        var r = EdgegenCli.Run("inspect", model, "--memory", "--patch", "3x2@3", "--svg", dir.File("arena.svg"));
        Assert.True(r.ExitCode == 0, r.ToString());
        Assert.Contains("patch plan: 3x2@3 (6 tiles; operators #0..#3 run tile by tile)", r.Stdout);
        Assert.Matches(@"\n\s+3\s+DEPTHWISE_CONV_2D\s+\[1,5,4,12\]\s+[\d,]+\s+[\d,]+ \*", r.Stdout);
        Assert.Matches(@"peak RAM \(with input\)\s+[\d,]+\s+[\d,]+", r.Stdout);
        Assert.Matches(@"peak RAM without input\s+[\d,]+\s+[\d,]+", r.Stdout);
        var svg = File.ReadAllText(dir.File("arena.svg"));
        Assert.StartsWith("<svg", svg);
        Assert.Contains("without patches", svg);
        Assert.Contains("patches 3x2@3", svg);

        var json = JsonNode.Parse(EdgegenCli.Run("inspect", model, "--memory", "--patch", "auto", "--json").Stdout)!;
        Assert.Equal(6, json["operators"]!.AsArray().Count);
        Assert.True(json["unpatched"]!["peak_ram_bytes"]!.GetValue<long>() > 0);
    }

    [Fact]
    public void Bad_patch_options_are_one_line_errors()
    {
        using var dir = new TempDirectory();
        var (model, _) = Save(dir, "residual_stem");
        var bad = EdgegenCli.Run("build", model, "--target", "host", "--out", dir.File("p"), "--patch", "3by3");
        Assert.Equal(1, bad.ExitCode);
        Assert.Contains("expected auto, off or ROWSxCOLS@OPERATOR", bad.Stderr);
        var leak = EdgegenCli.Run("build", model, "--target", "host", "--out", dir.File("p"), "--patch", "2x2@1");
        Assert.Equal(1, leak.ExitCode);
        Assert.Contains("cannot end at operator #1: operator #3 ADD reads tensor", leak.Stderr);
        var range = EdgegenCli.Run("build", model, "--target", "host", "--out", dir.File("p"), "--patch", "2x2@99");
        Assert.Equal(1, range.ExitCode);
        Assert.Contains("there is no operator #99", range.Stderr);
        Assert.Single(range.StderrLines, l => l.StartsWith("edgegen: error:", StringComparison.Ordinal));
    }

    [Fact]
    public void No_plan_fitting_the_target_is_an_error_that_says_what_the_best_plan_needs()
    {
        var graph = PatchGraphs.Get("strided_stem").Graph;
        var small = TargetCatalog.Find("cortex-m4") with { Budgets = new MemoryBudgets { FlashBytes = 1 << 20, RamBytes = 1024 } };
        var e = Assert.Throws<EdgeGenException>(() => ModelPlanning.Create(graph, small, new PatchOptions(PatchRequest.Auto)));
        var best = ModelPlanning.Search(graph, small, new PatchOptions(PatchRequest.Auto)).BestIgnoringRam!;
        Assert.Contains($"does not fit cortex-m4 even patch by patch: the best plan within 10 % extra MACs, {best.Plan}, needs {best.Ram.PeakBytes:N0} bytes of RAM", e.Message);
        Assert.Contains("the target has 1,024; unpatched it needs", e.Message);

        var strict = Assert.Throws<EdgeGenException>(() => ModelPlanning.Create(graph, small, new PatchOptions(PatchRequest.Auto, RecomputeBudget: 0)));
        Assert.Contains("the best plan within 0 % extra MACs", strict.Message);

        var dense = OperatorGraphs.Get("fully_connected").Graph;
        var tiny = small with { Budgets = new MemoryBudgets { FlashBytes = 1 << 20, RamBytes = 16 } };
        var none = Assert.Throws<EdgeGenException>(() => ModelPlanning.Create(dense, tiny, new PatchOptions(PatchRequest.Auto)));
        Assert.Contains("the target has 16, and it cannot run patch by patch (operator #0 FULLY_CONNECTED cannot run patch by patch", none.Message);
    }

    private static (string Model, string Input) Save(TempDirectory dir, string name)
    {
        var c = PatchGraphs.Get(name);
        var model = dir.File(name + ".tflite");
        TfliteWriter.Save(c.Graph, model);
        File.WriteAllBytes(dir.File("input.bin"), c.Input);
        Assert.Equal(c.Graph.Operators.Length, TfliteImporter.Load(model).Operators.Length);
        return (model, dir.File("input.bin"));
    }
}
