using EdgeGen.Targets;
using EdgeGen.Tests.Support;
using Xunit;

namespace EdgeGen.Tests.Kernels;

/// <summary>Every CONV_2D variant is bit-exact with the reference interpreter on hand-built graphs.</summary>
public class Conv2DVariantTests
{
    [Theory]
    [MemberData(nameof(ConvCase.Data), MemberType = typeof(ConvCase))]
    public void Dsp_2x2_on_host(ConvCase c) => KernelCheck.Run(c.Conv2D(), KernelCheck.Host("dsp"), "CONV_2D", "dsp_2x2");

    [Theory]
    [MemberData(nameof(ConvCase.Data), MemberType = typeof(ConvCase))]
    public void Generic_on_host(ConvCase c) => KernelCheck.Run(c.Conv2D(), KernelCheck.Host(), "CONV_2D", "generic");

    [Theory]
    [InlineData("cortex-m4")]
    [InlineData("cortex-m55")]
    public void Dsp_2x2_in_qemu(string target)
    {
        foreach (var c in ConvCase.All) KernelCheck.Run(c.Conv2D(), TargetCatalog.Find(target), "CONV_2D", "dsp_2x2");
    }
}
