using System.Globalization;
using System.Text.Json.Nodes;
using EdgeGen.Emit.CSharp;
using EdgeGen.Ir;
using EdgeGen.Pipeline;
using EdgeGen.Targets;
using EdgeGen.Toolchain;

namespace EdgeGen.Cli;

/// <summary>What `build` and `run` do with --lang csharp: the generated C# project, its NativeAOT publish commands, and its runs.</summary>
internal static class CSharpVerbs
{
    public const int DefaultRepeat = 21;

    public static int Build(Graph graph, TargetSpec target, string outDir)
    {
        var project = CSharpCompiler.Generate(graph, target, outDir, Progress.Line);
        var rid = CSharpProjectEmitter.RidFor(target);
        Console.WriteLine($"{graph.Name} for {target.Name}: C# project written to {project.Directory} (arena {project.Model.Plan.ArenaBytes:N0} bytes)");
        Console.WriteLine($"NativeAOT for {rid}:");
        Console.WriteLine($"  {CSharpProjectEmitter.PublishCommand(rid, project.Directory)}");
        if (rid == "linux-arm64")
        {
            Console.WriteLine("cross-compile prerequisites (Debian/Ubuntu x64): apt-get install clang gcc-aarch64-linux-gnu libc6-dev-arm64-cross");
            Console.WriteLine("  (clang --target=aarch64-linux-gnu links against the /usr/aarch64-linux-gnu sysroot; the linux-arm64 NativeAOT packs come from NuGet)");
            Console.WriteLine($"then copy {Path.Combine(project.Directory, "publish", rid, project.AssemblyName)} to the Raspberry Pi (64-bit OS); see README.md");
        }
        else
        {
            Console.WriteLine("prerequisite: clang (apt-get install clang); see README.md for Raspberry Pi (linux-arm64)");
        }
        return 0;
    }

    public static int Run(Graph graph, TargetSpec target, byte[][] inputs, string outPath, string? keep, bool aot, int repeat, bool json)
    {
        var dir = keep ?? Path.Combine(Path.GetTempPath(), $"edgegen-run-{Environment.ProcessId}-{graph.Name}-{target.Name}-csharp");
        var run = CSharpCompiler.Run(graph, target, inputs, dir, aot, repeat, json ? null : Progress.Line);
        CliFiles.Write(outPath, run.Measurement.Outputs[0]);
        Console.WriteLine(json ? Json(graph, target, run).ToJsonString() : Text(graph, target, run, outPath));
        if (keep is null && run.MatchesReference) Directory.Delete(dir, recursive: true);
        return run.MatchesReference ? 0 : 3;
    }

    private static JsonObject Json(Graph graph, TargetSpec target, CSharpRun run) => new()
    {
        ["target"] = target.Name,
        ["language"] = "csharp",
        ["model"] = graph.Name,
        ["aot"] = run.Build.Aot,
        ["runtime_identifier"] = run.Build.RuntimeIdentifier,
        ["output_bytes"] = run.Measurement.Outputs[0].Length,
        ["matches_reference"] = run.MatchesReference,
        ["ns_per_inference"] = run.Measurement.NsPerInference,
        ["emulated"] = CSharpRunner.IsEmulated(run.Build.RuntimeIdentifier),
        ["macs"] = graph.TotalMacs,
        ["arena_bytes"] = run.Project.Model.Plan.ArenaBytes,
        ["weight_bytes"] = graph.WeightBytes,
        ["project"] = run.Project.Directory,
    };

    private static string Text(Graph graph, TargetSpec target, CSharpRun run, string outPath)
    {
        var c = CultureInfo.InvariantCulture;
        var how = run.Build.Aot ? $"NativeAOT {run.Build.RuntimeIdentifier}" : "JIT";
        var lines = new List<string>
        {
            $"{graph.Name} on {target.Name} (C#, {how})",
            $"  output             {run.Measurement.Outputs[0].Length} bytes written to {outPath}",
            $"  matches reference  {(run.MatchesReference ? "yes, bit-exact" : "NO: the generated code differs from the reference interpreter")}",
        };
        if (run.Measurement.NsPerInference is { } ns)
            lines.Add(string.Format(c, "  time               {0:N0} ns per inference (median){1}", ns,
                CSharpRunner.IsEmulated(run.Build.RuntimeIdentifier) ? ", under qemu-aarch64: emulated, not the device's speed" : ""));
        lines.Add(string.Format(c, "  arena              {0:N0} bytes", run.Project.Model.Plan.ArenaBytes));
        lines.Add(string.Format(c, "  weights            {0:N0} bytes", graph.WeightBytes));
        return string.Join("\n", lines);
    }
}
