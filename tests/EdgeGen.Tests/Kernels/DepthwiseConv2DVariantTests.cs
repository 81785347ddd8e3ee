using EdgeGen.Targets;
using EdgeGen.Tests.Support;
using Xunit;

namespace EdgeGen.Tests.Kernels;

/// <summary>Every DEPTHWISE_CONV_2D variant is bit-exact with the reference interpreter on hand-built graphs.</summary>
public class DepthwiseConv2DVariantTests
{
    public static IEnumerable<object[]> Multiplier1() => ConvCase.All.Where(c => c.Dilation == 1).Select(c => new object[] { c });

    [Theory]
    [MemberData(nameof(Multiplier1))]
    public void Dsp_simd4_on_host(ConvCase c) => KernelCheck.Run(c.Depthwise(), KernelCheck.Host("dsp"), "DEPTHWISE_CONV_2D", "dsp_simd4");

    [Theory]
    [MemberData(nameof(ConvCase.Data), MemberType = typeof(ConvCase))]
    public void Generic_on_host(ConvCase c) => KernelCheck.Run(c.Depthwise(), KernelCheck.Host(), "DEPTHWISE_CONV_2D", "generic");

    [Fact]
    public void Generic_with_depth_multiplier_on_host() =>
        KernelCheck.Run(new ConvCase("multiplier3", 7, 5, 3, 3, 3, 0, 2, Ir.Padding.Same, DepthMultiplier: 3).Depthwise(), KernelCheck.Host(), "DEPTHWISE_CONV_2D", "generic");

    [Theory]
    [InlineData("cortex-m4")]
    [InlineData("cortex-m55")]
    public void Dsp_simd4_in_qemu(string target)
    {
        foreach (var c in ConvCase.All.Where(c => c.Dilation == 1))
            KernelCheck.Run(c.Depthwise(), TargetCatalog.Find(target), "DEPTHWISE_CONV_2D", "dsp_simd4");
    }
}
