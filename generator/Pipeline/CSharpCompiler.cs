using EdgeGen.Emit.CSharp;
using EdgeGen.Ir;
using EdgeGen.Reference;
using EdgeGen.Targets;
using EdgeGen.Toolchain;

namespace EdgeGen.Pipeline;

/// <summary>The result of running generated C#: outputs, time per inference, and whether they equal the reference interpreter's.</summary>
public sealed record CSharpRun(CSharpProject Project, CSharpBuild Build, CSharpMeasurement Measurement, byte[][] Reference)
{
    public bool MatchesReference => Measurement.Outputs.Length == Reference.Length
        && Measurement.Outputs.Zip(Reference).All(p => p.First.AsSpan().SequenceEqual(p.Second));
}

/// <summary>The C# backend end to end: plan (the same planner as C), generate, build with the .NET SDK, run, verify.</summary>
public static class CSharpCompiler
{
    public static CSharpProject Generate(Graph graph, TargetSpec target, string outDir, Action<string>? progress = null)
    {
        progress?.Invoke($"planning {graph.Name} for {target.Name}");
        var model = CSharpModel.Create(graph, target);
        progress?.Invoke($"writing the C# project to {outDir}");
        return CSharpProjectEmitter.Emit(model, outDir);
    }

    public static CSharpRun Run(Graph graph, TargetSpec target, IReadOnlyList<byte[]> inputs, string outDir, bool aot, int repeat, Action<string>? progress = null)
    {
        ReferenceInterpreter.CheckInputs(graph, inputs);
        var rid = CSharpProjectEmitter.RidFor(target);
        CSharpRunner.CheckCanRun(rid, aot);
        var project = Generate(graph, target, outDir, progress);
        progress?.Invoke(aot ? $"publishing with NativeAOT for {rid}" : "building with dotnet (JIT)");
        var build = DotnetBuilder.Build(project, rid, aot);
        progress?.Invoke(CSharpRunner.IsEmulated(rid) ? "running under qemu-aarch64" : "running natively");
        var measurement = CSharpRunner.Run(project, build, inputs, repeat);
        progress?.Invoke("running the reference interpreter");
        return new CSharpRun(project, build, measurement, ReferenceInterpreter.Run(graph, inputs));
    }
}
