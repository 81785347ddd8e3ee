using EdgeGen.Emit.C;
using EdgeGen.Ir;
using EdgeGen.Targets;
using EdgeGen.Tests.Support;
using Xunit;

namespace EdgeGen.Tests.Kernels;

/// <summary>
/// The Helium (MVE) kernel variants are bit-exact with the reference interpreter in QEMU on the Cortex-M55
/// (mps3-an547 emulates MVE), on the shared hand-built cases plus shapes aimed at the vector blocks: depths and
/// channel counts that are not multiples of 16 or 4 (predicated tails), strides, dilation, padding, zero points,
/// saturating outputs and left-shifting multipliers; and they are never offered on cores without MVE.
/// </summary>
public class HeliumKernelTests
{
    private static TargetSpec M55 => TargetCatalog.Find("cortex-m55");

    /// <summary>Effective scales above 1 (input 0.02 x filter ~0.02 / 0.0001) make multipliers shift left.</summary>
    private static readonly FullyConnectedCase[] FullyConnectedExtra =
    [
        new("depth33_units6_left_shift", 1, 33, 6, PerChannel: true, OutScale: 0.0001f, OutZp: -7, InZp: 100),
        new("depth17_units1", 2, 17, 1, Activation: Activation.Relu6, OutZp: -128),
        new("depth48_units12_negative_zp", 1, 48, 12, InZp: 127, OutZp: 60),
    ];

    private static readonly ConvCase[] ConvExtra =
    [
        new("pointwise_cin20_cout6_stride2", 7, 5, 20, 1, 1, 6, 2, Padding.Same, InZp: 90),
        new("pointwise_cin3_cout17_left_shift", 4, 3, 3, 1, 1, 17, 1, Padding.Valid, OutScale: 0.0001f, Activation: Activation.None),
        new("3x3_cin17_cout19_same", 6, 5, 17, 3, 3, 19, 1, Padding.Same, InZp: -100, OutZp: -3),
        new("2x2_dilation2_stride2_cin33", 9, 9, 33, 2, 2, 5, 2, Padding.Same, Dilation: 2, Activation: Activation.None),
    ];

    private static readonly ConvCase[] DepthwiseExtra =
    [
        new("dw_c19_width6_multiplier2_same", 5, 6, 19, 3, 3, 0, 1, Padding.Same, DepthMultiplier: 2, InZp: -60),
        new("dw_c16_width9_stride2_left_shift", 8, 9, 16, 3, 3, 0, 2, Padding.Valid, OutScale: 0.0001f, Activation: Activation.None),
        new("dw_c5_width1_dilation3", 9, 1, 5, 3, 1, 0, 1, Padding.Same, Dilation: 3, OutZp: -128),
        // over 1024 output pixels with a width not a multiple of 4: lanes along rows, each row ending predicated
        new("dw_c3_32x33_rows_with_tails", 32, 33, 3, 3, 3, 0, 1, Padding.Same, InZp: 9),
    ];

    [Fact]
    public void Fully_connected_in_qemu()
    {
        foreach (var c in FullyConnectedCase.All.Concat(FullyConnectedExtra)) KernelCheck.Run(c.Build(), M55, "FULLY_CONNECTED", "helium");
    }

    [Fact]
    public void Conv2D_in_qemu()
    {
        foreach (var c in ConvCase.All.Concat(ConvExtra)) KernelCheck.Run(c.Conv2D(), M55, "CONV_2D", "helium");
    }

    [Fact]
    public void Depthwise_in_qemu()
    {
        var cases = ConvCase.All.Concat(DepthwiseConv2DVariantTests.DirectCases).Concat(DepthwiseConv2DVariantTests.SingleChannelCases).Concat(DepthwiseExtra);
        foreach (var c in cases) KernelCheck.Run(c.Depthwise(), M55, "DEPTHWISE_CONV_2D", "helium");
    }

    [Theory]
    [InlineData("cortex-m4")]
    [InlineData("cortex-m7")]
    [InlineData("cortex-m33")]
    [InlineData("host")]
    public void Not_offered_without_mve(string target)
    {
        var spec = TargetCatalog.Find(target);
        foreach (var graph in new[] { FullyConnectedCase.All[4].Build(), ConvCase.All[1].Conv2D(), ConvCase.All[1].Depthwise() })
            Assert.DoesNotContain(KernelSelection.Choose(graph, 0, spec).Options, o => o.Name.StartsWith("helium", StringComparison.Ordinal));
    }

    [Fact]
    public void Chosen_by_the_cost_model_on_the_m55()
    {
        foreach (var graph in new[] { FullyConnectedCase.All[4].Build(), ConvCase.All[1].Conv2D(), ConvCase.All[0].Conv2D(), ConvCase.All[1].Depthwise() })
            Assert.Equal("helium", KernelSelection.Choose(graph, 0, M55).Variant);
    }

    [Fact]
    public void Matrix_weights_are_blocks_of_four_channels_per_sixteen_inputs_zero_padded()
    {
        // 5 channels x 18 inputs, weight = channel * 20 + input.
        var w = Enumerable.Range(0, 90).Select(i => (sbyte)(i / 18 * 20 + i % 18)).ToArray();
        var packed = Emit.C.Kernels.Helium.HeliumMatrix.Pack(w, 5, 18);
        Assert.Equal(2 * 2 * 4 * 16, packed.Length);
        sbyte At(int block, int step, int channel, int lane) => packed[((block * 2 + step) * 4 + channel) * 16 + lane];
        Assert.Equal(20 * 2 + 5, At(0, 0, 2, 5));
        Assert.Equal(20 * 3 + 17, At(0, 1, 3, 1));
        Assert.Equal(0, At(0, 1, 3, 2));        // past the last input
        Assert.Equal(20 * 4 + 16, At(1, 1, 0, 0));
        Assert.Equal(0, At(1, 0, 1, 0));        // past the last channel
    }
}
