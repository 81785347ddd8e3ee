using EdgeGen.Targets;
using EdgeGen.Tests.Support;
using Xunit;

namespace EdgeGen.Tests.Kernels;

/// <summary>
/// Ternary CONV_2D through the matrix-vector ternary kernels (each output pixel's gathered input patch a row) is bit-exact
/// with the reference interpreter, on the host and in QEMU.
/// </summary>
public class Conv2DTernaryTests
{
    private static readonly string[] Variants = ["ternary_scalar", "ternary_simd16", "ternary_simd16_cse", "ternary_packed_lut"];

    public static IEnumerable<object[]> CasesAndVariants() =>
        from c in TernaryConvCase.All from v in Variants select new object[] { c, v };

    [Theory]
    [MemberData(nameof(CasesAndVariants))]
    public void On_host(TernaryConvCase c, string variant) => c.Check(KernelCheck.Host("dsp"), variant);

    [Theory]
    [InlineData("cortex-m4", "ternary_simd16_cse")]
    [InlineData("cortex-m4", "ternary_packed_lut")]
    [InlineData("cortex-m55", "ternary_simd16")]
    [InlineData("cortex-m55", "ternary_packed_lut")]
    [InlineData("cortex-m3", "ternary_scalar")]
    [InlineData("cortex-m3", "ternary_packed_lut")]
    public void In_qemu(string target, string variant)
    {
        foreach (var c in TernaryConvCase.All) c.Check(TargetCatalog.Find(target), variant);
    }
}
