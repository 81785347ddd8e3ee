using System.CommandLine;
using System.Globalization;
using EdgeGen.Import.TFLite;
using EdgeGen.Pipeline;
using EdgeGen.Targets;

namespace EdgeGen.Cli;

/// <summary>
/// `edgegen demo [--target cortex-m4]`: EdgeGen's main job on the example model it ships (a seeded
/// DS-CNN keyword spotter): generate the firmware, build it with the cross compiler, run it in
/// QEMU, check it bit-exact against the reference interpreter, and print the result and figures.
/// </summary>
internal static class DemoCommand
{
    public const string ModelFile = "kws_example.tflite";
    public const string InputFile = "kws_example_input.bin";

    public static Command Create()
    {
        var target = new Option<string>("--target") { Description = "target to build and run on", DefaultValueFactory = _ => "cortex-m4" };
        var keep = new Option<string?>("--out") { Description = "keep the generated project in this directory" };
        var command = new Command("demo", "build the shipped example model for a target, run it (QEMU for Cortex-M) and print the result and figures") { target, keep };
        command.SetAction(r => Program.Guard(() =>
        {
            var modelPath = Path.Combine(ResourcePaths.Examples, ModelFile);
            var graph = TfliteImporter.Load(modelPath);
            var input = File.ReadAllBytes(Path.Combine(ResourcePaths.Examples, InputFile));
            var spec = TargetCatalog.Find(r.GetValue(target)!);
            var dir = r.GetValue(keep) ?? Path.Combine(Path.GetTempPath(), $"edgegen-demo-{Environment.ProcessId}");
            Console.WriteLine(string.Format(CultureInfo.InvariantCulture,
                "EdgeGen demo: {0} ({1} operators, {2:N0} MACs, {3:N0} weight bytes) on {4}", graph.Name, graph.Operators.Length, graph.TotalMacs, graph.WeightBytes, spec.Name));
            var run = Compiler.Run(graph, spec, new[] { input }, dir, Progress.Line);
            Console.WriteLine(RunReport.Text(graph, spec, run, Path.Combine(run.Project.Directory, "run", "output0.bin")));
            Console.WriteLine($"  generated project  {run.Project.Directory}{(r.GetValue(keep) is null ? " (kept for you to look at)" : "")}");
            return run.MatchesReference ? 0 : 3;
        }));
        return command;
    }
}
