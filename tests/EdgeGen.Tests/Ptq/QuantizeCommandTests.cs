using System.Text.Json;
using EdgeGen.Ptq;
using EdgeGen.Tests.Support;
using Xunit;

namespace EdgeGen.Tests.Ptq;

/// <summary>`edgegen quantize` end to end on hello_world_float, and `inspect` on what it writes.</summary>
public class QuantizeCommandTests
{
    private static string HelloWorld => Path.Combine(Repo.Models, "float", "hello_world_float.tflite");

    [SharedFact]
    public void Quantize_writes_a_ternary_model_that_inspect_marks()
    {
        SharedData.RequireModels();
        using var dir = new TempDirectory();
        var calibration = Directory.CreateDirectory(Path.Combine(dir.Path, "calibration")).FullName;
        for (var i = 0; i < 3; i++) File.WriteAllBytes(Path.Combine(calibration, $"x{i}.bin"), ModelRunner.FloatBytes([i * 3f]));
        var output = Path.Combine(dir.Path, "hw.tflite");

        var r = EdgegenCli.Run("quantize", HelloWorld, "--ternary", "all", "--calibration", calibration, "-o", output, "--seeded", "3", "--baseline", "--json");
        Assert.True(r.ExitCode == 0, r.ToString());
        using var report = JsonDocument.Parse(r.Stdout);
        var methods = report.RootElement.GetProperty("methods").EnumerateArray().ToArray();
        Assert.Equal(new[] { "twn", "absmean", "trit-planes", "int8-baseline" }, methods.Select(m => m.GetProperty("method").GetString()));
        Assert.Equal(new[] { 0f, 6f }, report.RootElement.GetProperty("input_range").EnumerateArray().Select(v => v.GetSingle()));
        foreach (var m in methods.Take(3))
        {
            Assert.Equal(3, m.GetProperty("ternary_layers").GetInt32());
            var sets = m.GetProperty("agreement").EnumerateArray().ToArray();
            Assert.Equal(new[] { "calibration", "seeded" }, sets.Select(s => s.GetProperty("set").GetString()));
            Assert.All(sets, s => Assert.True(double.IsFinite(s.GetProperty("mae").GetDouble())));
            var path = m.GetProperty("output").GetString()!;
            Assert.Equal(Path.Combine(dir.Path, $"hw.{m.GetProperty("method").GetString()}.tflite"), path);

            var inspect = EdgegenCli.Run("inspect", path, "--json");
            Assert.True(inspect.ExitCode == 0, inspect.ToString());
            using var model = JsonDocument.Parse(inspect.Stdout);
            foreach (var op in model.RootElement.GetProperty("operators").EnumerateArray())
                Assert.True(op.GetProperty("ternary").GetProperty("is_ternary").GetBoolean());
            Assert.Contains("ternary layers                     3", EdgegenCli.Run("inspect", path).Stdout);
        }
    }

    [SharedFact]
    public void Bad_arguments_give_one_line_errors()
    {
        SharedData.RequireModels();
        using var dir = new TempDirectory();
        var output = Path.Combine(dir.Path, "out.tflite");
        var r = EdgegenCli.Run("quantize", HelloWorld, "--ternary", "binary", "-o", output);
        Assert.Equal(1, r.ExitCode);
        Assert.Equal("edgegen: error: unknown ternarization method 'binary' (use twn, absmean or trit-planes)", Assert.Single(r.StderrLines));

        var calibration = Directory.CreateDirectory(Path.Combine(dir.Path, "calibration")).FullName;
        File.WriteAllBytes(Path.Combine(calibration, "bad.bin"), new byte[6]);
        r = EdgegenCli.Run("quantize", HelloWorld, "--ternary", "twn", "--calibration", calibration, "-o", output);
        Assert.Equal(1, r.ExitCode);
        Assert.Contains("6 bytes, but input", Assert.Single(r.StderrLines));

        r = EdgegenCli.Run("quantize", HelloWorld, "--ternary", "twn", "--input-range", "3:1", "-o", output);
        Assert.Contains("expected MIN:MAX", Assert.Single(r.StderrLines));

        r = EdgegenCli.Run("quantize", SharedModels.ModelPath("hello_world_int8"), "--ternary", "twn", "-o", output);
        Assert.Contains("quantize takes a float32 model", Assert.Single(r.StderrLines));
    }
}
