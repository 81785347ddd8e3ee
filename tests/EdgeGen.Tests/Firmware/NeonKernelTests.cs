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
    [InlineData("dw_5x3_c40_batch2_dilation_w2_row_pairs")]
    [InlineData("dw_2x3_c16_valid_row_pairs")]
    [InlineData("dw_3x3_same_c16")]
    [InlineData("dw_3x3_c8_even_rows_row_pairs")]
    [InlineData("dw_3x3_multiplier2_c3")]
    public void Sdot_depthwise_with_stride_1_in_height_computes_rows_in_pairs(string name)
    {
        var c = NeonKernelGraphs.Get(name);
        using var dir = new TempDirectory();
        var project = Compiler.Generate(c.Graph, TargetCatalog.Find("cortex-a76"), dir.Path);
        Assert.Contains("-row-pairs", project.Model.Kernels.Single().Variant);
    }

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
