using EdgeGen.Pipeline;
using EdgeGen.Targets;
using EdgeGen.Tests.Support;
using Xunit;

namespace EdgeGen.Tests.Firmware;

/// <summary>Each operator kind's generated kernel, built with the real compiler, equals the reference interpreter bit for bit.</summary>
public class OperatorKernelTests
{
    public static IEnumerable<object[]> Graphs() => OperatorGraphs.Names();

    [Theory]
    [MemberData(nameof(Graphs))]
    public void Host_kernel_matches_reference(string name) => RunsBitExact(name, "host");

    [Theory]
    [MemberData(nameof(Graphs))]
    public void Cortex_m4_kernel_matches_reference(string name) => RunsBitExact(name, "cortex-m4");

    private static void RunsBitExact(string name, string target)
    {
        var c = OperatorGraphs.Get(name);
        using var dir = new TempDirectory();
        var run = Compiler.Run(c.Graph, TargetCatalog.Find(target), new[] { c.Input }, dir.Path);
        Assert.True(run.MatchesReference, $"{name} on {target}: generated output differs from the reference");
    }
}
