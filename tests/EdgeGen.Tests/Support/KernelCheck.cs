using EdgeGen.Emit.C;
using EdgeGen.Ir;
using EdgeGen.Pipeline;
using EdgeGen.Targets;
using Xunit;

namespace EdgeGen.Tests.Support;

/// <summary>
/// Runs a hand-built graph's generated C with a pinned kernel variant and asserts it is bit-exact with the reference
/// interpreter on random inputs: on the host (gcc; the DSP and MVE helpers compile to their plain C twins, so the data
/// layouts are checked in seconds) or in QEMU on a Cortex-M target (the instructions themselves).
/// </summary>
public static class KernelCheck
{
    /// <summary>The host target with extra ISA features, so variants that need them are generated (their C twins run).</summary>
    public static TargetSpec Host(params string[] features) => TargetCatalog.Find("host") with { Features = features };

    public static FirmwareRun Run(Graph graph, TargetSpec target, string kind, string variant, int inputSeed = 5)
    {
        var rng = new Random(inputSeed);
        var inputs = graph.Inputs.Select((_, i) => KernelGraphBuilder.RandomInput(graph, i, rng)).ToArray();
        var dir = Path.Combine(Path.GetTempPath(), $"edgegen-kernel-{Environment.ProcessId}-{graph.Name}-{target.Name}-{variant}-{Guid.NewGuid():N}");
        var overrides = new KernelOverrides(new Dictionary<string, string> { [kind] = variant });
        var run = Compiler.Run(graph, target, inputs, dir, options: new CompileOptions(overrides));
        var index = graph.Operators.ToList().FindIndex(op => op.Kind == kind);
        Assert.Equal(variant, run.Project.Model.Choices[index].Variant);
        Assert.True(run.MatchesReference, $"{graph.Name} on {target.Name} with {kind}={variant} differs from the reference (project kept at {dir})");
        Directory.Delete(dir, recursive: true);
        return run;
    }
}
