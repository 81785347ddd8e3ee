using EdgeGen.Pipeline;
using EdgeGen.Targets;
using EdgeGen.Tests.Support;
using Xunit;

namespace EdgeGen.Tests.Firmware;

/// <summary>
/// The NEON kernels (multiply-long on cortex-a72, dot product on cortex-a76), built with
/// aarch64-linux-gnu-gcc and run under qemu-aarch64, equal the reference interpreter bit for bit
/// on graphs that drive every path; the chosen variant is checked so that a fallback to the
/// portable kernel cannot pass unnoticed.
/// </summary>
public class NeonKernelTests
{
    public static IEnumerable<object[]> Cases() =>
        from c in NeonKernelGraphs.All()
        from target in new[] { "cortex-a72", "cortex-a76" }
        select new object[] { c.Name, target };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Neon_kernel_matches_reference(string name, string target)
    {
        var c = NeonKernelGraphs.Get(name);
        var spec = TargetCatalog.Find(target);
        using var dir = new TempDirectory();
        var run = Compiler.Run(c.Graph, spec, new[] { c.Input }, dir.Path);
        Assert.All(run.Project.Model.Kernels, k =>
        {
            Assert.StartsWith("neon-", k.Variant);
            Assert.DoesNotContain(spec.Has("dotprod") ? "mull" : "sdot", k.Variant);
        });
        Assert.True(run.MatchesReference, $"{name} on {target}: generated output differs from the reference");
    }
}
