using System.Text.Json.Nodes;
using EdgeGen.Export;
using EdgeGen.Tests.Support;
using Xunit;

namespace EdgeGen.Tests.Mixed;

/// <summary>`--mixed-precision --calibration DIR` through the real CLI: the figures it reports and its one-line errors.</summary>
public class MixedCliTests
{
    [Fact]
    public void Run_json_adds_the_mixed_plan_bitops_ram_and_agreement()
    {
        using var dir = new TempDirectory();
        var (model, input, calibration) = Save(dir, "strided_stem", calibrationFiles: 3);
        var r = EdgegenCli.Run("run", model, "--target", "host", "--input", input, "--output", dir.File("out.bin"), "--patch", "3x2@3",
            "--mixed-precision", "--calibration", calibration, "--entropy-budget", "100", "--eval", calibration, "--json");
        Assert.True(r.ExitCode == 0, r.ToString());
        var json = JsonNode.Parse(r.Stdout)!;
        Assert.True(json["matches_reference"]!.GetValue<bool>());
        var mixed = json["mixed_precision"]!;
        Assert.NotEmpty(mixed["feature_maps"]!.AsArray());
        var bits8 = mixed["bitops_8bit_patches"]!.GetValue<long>();
        var low = mixed["bitops_mixed_all_low"]!.GetValue<long>();
        Assert.True(low < bits8, $"mixed BitOPs {low} not below 8-bit {bits8}");
        Assert.True(mixed["arena_bytes_mixed"]!.GetValue<int>() > 0);
        Assert.Equal(3, mixed["agreement"]!["inputs"]!.GetValue<int>());
        Assert.Equal("3x2@3", json["patch"]!["plan"]!.GetValue<string>());
    }

    [Fact]
    public void Mixed_precision_without_a_patch_option_plans_tiles_itself()
    {
        using var dir = new TempDirectory();
        var (model, _, calibration) = Save(dir, "strided_stem", calibrationFiles: 2);
        var r = EdgegenCli.Run("build", model, "--target", "host", "--out", dir.File("p"), "--mixed-precision", "--calibration", calibration, "--json");
        Assert.True(r.ExitCode == 0, r.ToString());
        var json = JsonNode.Parse(r.Stdout)!;
        Assert.DoesNotContain(":reuse", json["patch"]!["plan"]!.GetValue<string>());
        Assert.NotNull(json["mixed_precision"]);
        Assert.Contains("eg_window_exceeds(", File.ReadAllText(dir.File("p/model.c")));
    }

    [Fact]
    public void Bad_calibration_gets_one_line_errors()
    {
        using var dir = new TempDirectory();
        var (model, input, calibration) = Save(dir, "strided_stem", calibrationFiles: 1);
        string[] Args(params string[] extra) => new[] { "build", model, "--target", "host", "--out", dir.File("p"), "--patch", "3x2@3" }.Concat(extra).ToArray();

        AssertError(EdgegenCli.Run(Args("--mixed-precision")), "--mixed-precision needs --calibration DIR");
        AssertError(EdgegenCli.Run(Args("--mixed-precision", "--calibration", dir.File("nope"))), "no such directory");
        Directory.CreateDirectory(dir.File("empty"));
        AssertError(EdgegenCli.Run(Args("--mixed-precision", "--calibration", dir.File("empty"))), "holds no *.bin files");
        File.WriteAllBytes(Path.Combine(calibration, "short.bin"), new byte[10]);
        AssertError(EdgegenCli.Run(Args("--mixed-precision", "--calibration", calibration)), "short.bin: input #0 has 10 bytes");
        AssertError(EdgegenCli.Run(Args("--calibration", calibration)), "--calibration is for --mixed-precision");
        AssertError(EdgegenCli.Run("build", model, "--target", "host", "--out", dir.File("p"), "--patch", "off", "--mixed-precision", "--calibration", calibration), "not --patch off");
        AssertError(EdgegenCli.Run("build", model, "--target", "host", "--out", dir.File("p"), "--patch", "4x1@3:reuse", "--mixed-precision", "--calibration", dir.File("cal1")), "tiled patch plan");
        _ = input;
    }

    private static void AssertError(EdgegenCli.Result r, string expected)
    {
        Assert.True(r.ExitCode != 0, r.ToString());
        var lines = r.StderrLines.Where(l => !l.StartsWith("edgegen: planning", StringComparison.Ordinal)).ToArray();
        Assert.Single(lines);
        Assert.Contains(expected, lines[0]);
        Assert.DoesNotContain("   at ", r.Stderr);
    }

    private static (string Model, string Input, string Calibration) Save(TempDirectory dir, string name, int calibrationFiles)
    {
        var c = PatchGraphs.Get(name);
        var model = dir.File($"{name}.tflite");
        TfliteWriter.Save(c.Graph, model);
        var input = dir.File("input.bin");
        File.WriteAllBytes(input, c.Input);
        var calibration = dir.File("cal");
        Directory.CreateDirectory(calibration);
        var cal1 = dir.File("cal1");
        Directory.CreateDirectory(cal1);
        var rng = new Random(11);
        for (var i = 0; i < calibrationFiles; i++)
        {
            var bytes = new byte[c.Input.Length];
            rng.NextBytes(bytes);
            File.WriteAllBytes(Path.Combine(calibration, $"cal{i}.bin"), bytes);
            if (i == 0) File.WriteAllBytes(Path.Combine(cal1, "cal0.bin"), bytes);
        }
        return (model, input, calibration);
    }
}
