using EdgeGen.Targets;
using EdgeGen.Tests.Support;
using Xunit;

namespace EdgeGen.Tests.Kernels;

/// <summary>
/// Every ternary FULLY_CONNECTED variant is bit-exact with the reference interpreter: on the host (the SIMD lane
/// operations run as their plain C twins, checking layouts, lane bounds and flushes) and in QEMU (the instructions).
/// </summary>
public class FullyConnectedTernaryTests
{
    public static IEnumerable<object[]> Variants() => new[] { "ternary_scalar", "ternary_simd16", "ternary_simd16_cse", "ternary_packed_lut" }.Select(v => new object[] { v });

    public static IEnumerable<object[]> CasesAndVariants() =>
        from c in TernaryFcCase.All from v in Variants() select new object[] { c, v[0] };

    [Theory]
    [MemberData(nameof(CasesAndVariants))]
    public void On_host(TernaryFcCase c, string variant) => c.Check(KernelCheck.Host("dsp"), variant);

    [Theory]
    [InlineData("cortex-m4", "ternary_scalar")]
    [InlineData("cortex-m4", "ternary_simd16")]
    [InlineData("cortex-m4", "ternary_simd16_cse")]
    [InlineData("cortex-m55", "ternary_scalar")]
    [InlineData("cortex-m55", "ternary_simd16_cse")]
    [InlineData("cortex-m4", "ternary_packed_lut")]
    [InlineData("cortex-m55", "ternary_packed_lut")]
    [InlineData("cortex-m3", "ternary_scalar")]
    [InlineData("cortex-m3", "ternary_packed_lut")]
    public void In_qemu(string target, string variant)
    {
        foreach (var c in TernaryFcCase.All) c.Check(TargetCatalog.Find(target), variant);
    }
}
