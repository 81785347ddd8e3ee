using EdgeGen.Targets;
using EdgeGen.Tests.Support;
using Xunit;

namespace EdgeGen.Tests.Kernels;

/// <summary>Every DEPTHWISE_CONV_2D variant is bit-exact with the reference interpreter on hand-built graphs.</summary>
public class DepthwiseConv2DVariantTests
{
    public static IEnumerable<object[]> Multiplier1() => ConvCase.All.Where(c => c.Dilation == 1).Select(c => new object[] { c });

    /// <summary>
    /// Shapes the direct (no scratch) kernel gets wrong first if its interior/border split is off: windows wider
    /// than the padding, dilation, strides whose last window overhangs, groups of four plus a tail.
    /// </summary>
    public static readonly ConvCase[] DirectCases =
    [
        new("dw_dilation2_same_c9", 10, 11, 9, 3, 3, 0, 1, Ir.Padding.Same, Dilation: 2, InZp: 5),
        new("dw_5x5_stride2_same_c8", 13, 12, 8, 5, 5, 0, 2, Ir.Padding.Same, PerChannel: false),
        new("dw_3x3_stride2_valid_c12", 9, 10, 12, 3, 3, 0, 2, Ir.Padding.Valid, Activation: Ir.Activation.Relu6),
        new("dw_1x7_same_c4_two_batches", 3, 9, 4, 1, 7, 0, 1, Ir.Padding.Same, Batches: 2, InZp: -128),
        new("dw_window_larger_than_input", 2, 3, 6, 5, 5, 0, 1, Ir.Padding.Same, InZp: 17),
    ];

    /// <summary>One input channel, any depth multiplier: the operators the column (convolution) kernel takes.</summary>
    public static readonly ConvCase[] SingleChannelCases =
    [
        new("cin1_multiplier8_stride2_same", 13, 11, 1, 5, 4, 0, 2, Ir.Padding.Same, DepthMultiplier: 8),
        new("cin1_multiplier3_dilation2_valid_per_tensor", 12, 10, 1, 3, 3, 0, 1, Ir.Padding.Valid, Dilation: 2, DepthMultiplier: 3, PerChannel: false),
        new("cin1_multiplier5_two_batches_dead", 6, 7, 1, 3, 2, 0, 1, Ir.Padding.Same, Batches: 2, DepthMultiplier: 5, DeadChannel: true, InZp: -128),
        new("cin1_multiplier1", 6, 5, 1, 3, 3, 0, 2, Ir.Padding.Same, Activation: Ir.Activation.Relu6),
    ];

    /// <summary>
    /// Shapes the planar kernel gets wrong first if its blocks or ring are off: rows of fewer, exactly and not a
    /// multiple of four outputs, odd strides and filter widths (odd first columns), one-wide and even-wide filters,
    /// a stride larger than the window (rows skipped), dilation, one channel, a window larger than the input.
    /// </summary>
    public static readonly ConvCase[] PlanarCases =
    [
        new("planar_3x3_width5_c64", 25, 5, 64, 3, 3, 0, 1, Ir.Padding.Same, InZp: -3),
        new("planar_3x3_stride2_width9_c7", 9, 9, 7, 3, 3, 0, 2, Ir.Padding.Same, Activation: Ir.Activation.Relu),
        new("planar_2x4_stride3_valid_c3", 8, 13, 3, 2, 4, 0, 3, Ir.Padding.Valid, InZp: 100),
        new("planar_1x1_c5", 4, 6, 5, 1, 1, 0, 1, Ir.Padding.Valid),
        new("planar_1x5_dilation3_c2", 5, 17, 2, 1, 5, 0, 1, Ir.Padding.Same, Dilation: 3),
        new("planar_3x3_stride4_rows_skipped_c4", 13, 12, 4, 3, 3, 0, 4, Ir.Padding.Valid, PerChannel: false),
        new("planar_3x3_width8_c1", 6, 8, 1, 3, 3, 0, 1, Ir.Padding.Same),
    ];

    public static IEnumerable<object[]> PlanarData() => ConvCase.All.Concat(DirectCases).Concat(PlanarCases).Select(c => new object[] { c });

    public static IEnumerable<object[]> SingleChannelData() => SingleChannelCases.Select(c => new object[] { c });

    public static IEnumerable<object[]> DirectData() => ConvCase.All.Concat(DirectCases).Select(c => new object[] { c });

    [Theory]
    [MemberData(nameof(Multiplier1))]
    public void Dsp_simd4_on_host(ConvCase c) => KernelCheck.Run(c.Depthwise(), KernelCheck.Host("dsp"), "DEPTHWISE_CONV_2D", "dsp_simd4");

    [Theory]
    [MemberData(nameof(DirectData))]
    public void Dsp_direct_on_host(ConvCase c) => KernelCheck.Run(c.Depthwise(), KernelCheck.Host("dsp"), "DEPTHWISE_CONV_2D", "dsp_direct");

    [Theory]
    [MemberData(nameof(PlanarData))]
    public void Dsp_planar_on_host(ConvCase c) => KernelCheck.Run(c.Depthwise(), KernelCheck.Host("dsp"), "DEPTHWISE_CONV_2D", "dsp_planar");

    [Theory]
    [InlineData("cortex-m4")]
    [InlineData("cortex-m7")]
    [InlineData("cortex-m33")]
    [InlineData("cortex-m55")]
    public void Dsp_planar_in_qemu(string target)
    {
        foreach (var c in ConvCase.All.Concat(DirectCases).Concat(PlanarCases))
            KernelCheck.Run(c.Depthwise(), TargetCatalog.Find(target), "DEPTHWISE_CONV_2D", "dsp_planar");
    }

    [Theory]
    [MemberData(nameof(SingleChannelData))]
    public void Dsp_columns_on_host(ConvCase c) => KernelCheck.Run(c.Depthwise(), KernelCheck.Host("dsp"), "DEPTHWISE_CONV_2D", "dsp_columns");

    [Theory]
    [InlineData("cortex-m4")]
    [InlineData("cortex-m7")]
    [InlineData("cortex-m33")]
    [InlineData("cortex-m55")]
    public void Dsp_columns_in_qemu(string target)
    {
        foreach (var c in SingleChannelCases) KernelCheck.Run(c.Depthwise(), TargetCatalog.Find(target), "DEPTHWISE_CONV_2D", "dsp_columns");
    }

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

    [Theory]
    [InlineData("cortex-m4")]
    [InlineData("cortex-m7")]
    [InlineData("cortex-m33")]
    [InlineData("cortex-m55")]
    public void Dsp_direct_in_qemu(string target)
    {
        foreach (var c in ConvCase.All.Concat(DirectCases))
            KernelCheck.Run(c.Depthwise(), TargetCatalog.Find(target), "DEPTHWISE_CONV_2D", "dsp_direct");
    }

    [Theory]
    [InlineData(10, 10, 3, 1, 1, 1, 1, 8)]   // same padding: the first and last output see the padding
    [InlineData(5, 10, 3, 2, 1, 0, 0, 4)]    // stride 2 same, no padding on the left: the last window overhangs
    [InlineData(4, 2, 5, 1, 1, 2, 2, 0)]     // window wider than the input: no interior at all
    [InlineData(11, 11, 3, 1, 2, 2, 2, 7)]   // dilation 2
    public void Interior_range_is_where_the_whole_window_is_inside(int outSize, int inSize, int filter, int stride, int dilation, int pad, int start, int count)
    {
        Assert.Equal((start, count), Emit.C.Kernels.DepthwiseConv2DDspDirect.Interior(outSize, inSize, filter, stride, dilation, pad));
    }
}
