using EdgeGen.Emit.C;
using EdgeGen.Emit.Project;
using EdgeGen.Ir;
using EdgeGen.Reference;
using EdgeGen.Reference.Mixed;
using EdgeGen.Targets;
using EdgeGen.Toolchain;

namespace EdgeGen.Pipeline;

/// <summary>The result of running generated code: outputs, figures, and whether they equal the reference interpreter's.</summary>
public sealed record FirmwareRun(GeneratedProject Project, BuildFigures Figures, RunMeasurement Measurement, byte[][] Reference)
{
    public bool MatchesReference => Measurement.Outputs.Length == Reference.Length
        && Measurement.Outputs.Zip(Reference).All(p => p.First.AsSpan().SequenceEqual(p.Second));
}

/// <summary>
/// How to generate: kernel variants pinned by operator kind (tests), a profiling build (a timer read
/// after every operator), and patch-based inference.
/// </summary>
public sealed record CompileOptions(KernelOverrides? Overrides = null, bool Profile = false, PatchOptions? Patches = null)
{
    public static readonly CompileOptions Default = new();
}

/// <summary>EdgeGen's main job end to end: plan, generate, build, run, verify against the reference.</summary>
public static class Compiler
{
    public static GeneratedProject Generate(Graph graph, TargetSpec target, string outDir, Action<string>? progress = null, CompileOptions? options = null)
    {
        options ??= CompileOptions.Default;
        progress?.Invoke($"planning {graph.Name} for {target.Name}");
        var model = ModelPlanning.Create(graph, target, options.Patches, options.Overrides);
        BudgetCheck.BeforeBuild(model);
        progress?.Invoke($"writing the C project to {outDir}");
        return ProjectEmitter.Emit(model, outDir, options.Profile);
    }

    public static (GeneratedProject Project, BuildFigures Figures) GenerateAndBuild(Graph graph, TargetSpec target, string outDir, Action<string>? progress = null, CompileOptions? options = null)
    {
        var project = Generate(graph, target, outDir, progress, options);
        progress?.Invoke($"compiling with {target.Compiler}");
        CBuilder.Build(project);
        var figures = BuildFigures.Measure(project);
        BudgetCheck.AfterBuild(project.Model, figures);
        return (project, figures);
    }

    public static FirmwareRun Run(Graph graph, TargetSpec target, IReadOnlyList<byte[]> inputs, string outDir, Action<string>? progress = null, CompileOptions? options = null)
    {
        ReferenceInterpreter.CheckInputs(graph, inputs);
        if (options?.Profile == true && !(target.Qemu is { } qemu && (target.IsCortexM || qemu.CountsWithPlugin)))
            throw new EdgeGenException($"profiling counts instructions in QEMU; target {target.Name} has no instruction counter");
        var (project, figures) = GenerateAndBuild(graph, target, outDir, progress, options);
        progress?.Invoke(target.IsHost ? "running natively" : $"running in QEMU ({target.Qemu?.Describe()})");
        var measurement = TargetRunner.Run(project, inputs);
        progress?.Invoke("running the reference interpreter");
        var reference = project.Model.Mixed is { } mixed ? MixedReference.Run(mixed, inputs).Outputs : ReferenceInterpreter.Run(graph, inputs);
        return new FirmwareRun(project, figures, measurement, reference);
    }
}
