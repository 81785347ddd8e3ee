using EdgeGen.Examples;
using EdgeGen.Import.TFLite;
using EdgeGen.Pipeline;
using EdgeGen.Targets;
using EdgeGen.Tests.Support;
using EdgeGen.Toolchain;
using Xunit;

namespace EdgeGen.Tests.Cli;

/// <summary>
/// `edgegen bench`: its model discovery (manifest.json folders), its table, its bad arguments, and the
/// host harness's timing mode that `bench --lang csharp` compares C with.
/// </summary>
public class BenchCommandTests
{
    private static readonly string ExampleModel = Path.Combine(Repo.Root, "generator", "Examples", "kws_example.tflite");

    /// <summary>A models folder holding the shipped example with one input case, laid out like ../shared/models.</summary>
    private static string ModelsFolder(TempDirectory dir)
    {
        var folder = Path.Combine(dir.Path, "models", "kws_example");
        Directory.CreateDirectory(folder);
        File.Copy(ExampleModel, Path.Combine(folder, "kws_example.tflite"));
        File.WriteAllBytes(Path.Combine(folder, "input_seed1.bin"), KwsExampleModel.Input(KwsExampleModel.DefaultSeed));
        File.WriteAllText(Path.Combine(folder, "manifest.json"),
            """{ "model_file": "kws_example.tflite", "cases": [ { "input": "input_seed1.bin", "output": "output_seed1.bin" } ] }""");
        return Path.Combine(dir.Path, "models");
    }

    [Fact]
    public void Bench_runs_every_manifest_folder_and_reports_it_bit_exact()
    {
        using var dir = new TempDirectory();
        var r = EdgegenCli.Run("bench", "--target", "host", "--models", ModelsFolder(dir));
        Assert.True(r.ExitCode == 0, r.ToString());
        var row = r.Stdout.Split('\n').Single(l => l.StartsWith("kws_example", StringComparison.Ordinal));
        Assert.EndsWith("yes", row.TrimEnd());
        Assert.Contains("1 of 1 models bit-exact", r.Stdout);
    }

    [Theory]
    [InlineData("--lang", "fortran", "--lang 'fortran'")]
    [InlineData("--repeat", "0", "--repeat 0")]
    public void Bad_arguments_get_one_line_naming_them(string option, string value, string expected)
    {
        using var dir = new TempDirectory();
        var args = option == "--repeat" ? new[] { "bench", "--lang", "csharp", "--models", ModelsFolder(dir), option, value } : new[] { "bench", "--models", ModelsFolder(dir), option, value };
        var r = EdgegenCli.Run(args);
        Assert.NotEqual(0, r.ExitCode);
        Assert.Single(r.StderrLines);
        Assert.Contains(expected, r.Stderr);
    }

    [Fact]
    public void A_missing_models_folder_is_named()
    {
        var r = EdgegenCli.Run("bench", "--models", "/nonexistent/models");
        Assert.NotEqual(0, r.ExitCode);
        Assert.Contains("/nonexistent/models", r.Stderr);
    }

    [Fact]
    public void The_host_harness_times_inferences_when_asked_and_still_writes_the_output()
    {
        using var dir = new TempDirectory();
        var graph = TfliteImporter.Load(ExampleModel);
        var inputs = new[] { KwsExampleModel.Input(KwsExampleModel.DefaultSeed) };
        var run = Compiler.Run(graph, TargetCatalog.Find("host"), inputs, dir.Path);
        Assert.True(run.MatchesReference);
        var ns = HostTimer.NsPerInference(run.Project, inputs, repeat: 3);
        Assert.True(ns > 0, $"{ns} ns per inference");
        Assert.Equal(run.Reference[0], File.ReadAllBytes(Path.Combine(dir.Path, "run", "output0.bin")));
    }
}
