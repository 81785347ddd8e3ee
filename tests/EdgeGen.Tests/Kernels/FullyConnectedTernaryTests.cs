using EdgeGen.Targets;
using EdgeGen.Tests.Support;
using Xunit;

namespace EdgeGen.Tests.Kernels;

/// <summary>Every ternary FULLY_CONNECTED variant is bit-exact with the reference interpreter, on the host and in QEMU.</summary>
public class FullyConnectedTernaryTests
{
    [Theory]
    [MemberData(nameof(TernaryFcCase.Data), MemberType = typeof(TernaryFcCase))]
    public void Scalar_on_host(TernaryFcCase c) => c.Check(KernelCheck.Host(), "ternary_scalar");

    [Theory]
    [InlineData("cortex-m4")]
    [InlineData("cortex-m55")]
    public void Scalar_in_qemu(string target)
    {
        foreach (var c in TernaryFcCase.All) c.Check(TargetCatalog.Find(target), "ternary_scalar");
    }
}
