using EdgeGen.Emit.C;
using EdgeGen.Emit.C.Kernels;
using EdgeGen.Ir;
using EdgeGen.Numerics;
using EdgeGen.Targets;
using EdgeGen.Tests.Support;
using Xunit;

namespace EdgeGen.Tests.Kernels;

/// <summary>
/// Requantization rows with the addend and right shift in one word (FoldedConstants.Packed): layers with few outputs
/// per channel (deep, small feature maps) get them, are bit-exact on the host and in QEMU, and layers whose kernels
/// read a row per output of a large feature map keep the four-word rows.
/// </summary>
public class PackedRequantizationTests
{
    /// <summary>Deep layers on small maps: the row reads are few against the work. Dead channels give constant rows.</summary>
    public static readonly ConvCase[] ConvCases =
    [
        new("packed_1x1_2x3_c96_to_80_dead", 2, 3, 96, 1, 1, 80, 1, Padding.Valid, DeadChannel: true),
        new("packed_3x3_same_c32_to_47_relu6", 3, 3, 32, 3, 3, 47, 1, Padding.Same, Activation: Activation.Relu6, OutZp: -20),
        new("packed_1x1_3x3_c64_to_33_none", 3, 3, 64, 1, 1, 33, 1, Padding.Valid, Activation: Activation.None, InZp: -128, OutZp: -128),
    ];

    public static readonly ConvCase[] PlanarCases =
    [
        new("packed_planar_3x3_width8_c130_dead", 3, 8, 130, 3, 3, 0, 1, Padding.Same, DeadChannel: true),
        new("packed_planar_3x3_width4_c64_none", 4, 4, 64, 3, 3, 0, 1, Padding.Same, Activation: Activation.None, OutZp: 100),
    ];

    public static readonly FullyConnectedCase[] FullyConnectedCases =
    [
        new("packed_fc_depth256_units21_dead", 1, 256, 21, PerChannel: true, DeadUnit: true, Activation: Activation.Relu),
    ];

    public static IEnumerable<object[]> Conv() => ConvCases.Select(c => new object[] { c });

    public static IEnumerable<object[]> Planar() => PlanarCases.Select(c => new object[] { c });

    private static string Source(Graph graph, TargetSpec target, string kind, string variant) =>
        CModelRenderer.Source(CModel.Create(graph, target, new KernelOverrides(new Dictionary<string, string> { [kind] = variant })));

    [Fact]
    public void A_shift_word_gives_back_its_addend_and_its_right_shift_in_the_low_byte()
    {
        foreach (var right in Enumerable.Range(0, 23))
            foreach (var zp in new[] { -128, -1, 0, 7, 127 })
            {
                var r = new FastRequantizer(1 << 30, 1, (right > 0 ? 1 << (right - 1) : 0) + zp * (1 << right), right, false);
                if (!ShiftWord.Fits(r)) continue;
                var word = ShiftWord.Of(r);
                Assert.Equal(r.Addend, word >> 8);
                Assert.Equal(right, word & 0xFF);
            }
        Assert.True(ShiftWord.Fits(FastRequantizer.Constant(-128)));
        Assert.False(ShiftWord.Fits(new FastRequantizer(1 << 30, 1, 1 << 23, 1, false)));
        Assert.True(ShiftWord.Fits(new FastRequantizer(1 << 30, 1, -(1 << 23), 1, false)));
    }

    [Theory]
    [MemberData(nameof(Conv))]
    public void Dsp_2x2_packs_deep_layers_and_stays_exact(ConvCase c)
    {
        Assert.Contains("eg_requantize_packed", Source(c.Conv2D(), KernelCheck.Host("dsp"), "CONV_2D", "dsp_2x2"));
        KernelCheck.Run(c.Conv2D(), KernelCheck.Host("dsp"), "CONV_2D", "dsp_2x2");
    }

    [Theory]
    [MemberData(nameof(Planar))]
    public void Dsp_planar_packs_deep_layers_and_stays_exact(ConvCase c)
    {
        Assert.Contains("eg_requantize_packed", Source(c.Depthwise(), KernelCheck.Host("dsp"), "DEPTHWISE_CONV_2D", "dsp_planar"));
        KernelCheck.Run(c.Depthwise(), KernelCheck.Host("dsp"), "DEPTHWISE_CONV_2D", "dsp_planar");
    }

    [Fact]
    public void Dsp_4x4_packs_a_deep_fully_connected_layer_and_stays_exact()
    {
        foreach (var c in FullyConnectedCases)
        {
            Assert.Contains("eg_requantize_packed", Source(c.Build(), KernelCheck.Host("dsp"), "FULLY_CONNECTED", "dsp_4x4"));
            KernelCheck.Run(c.Build(), KernelCheck.Host("dsp"), "FULLY_CONNECTED", "dsp_4x4");
        }
    }

    [Fact]
    public void Shallow_layers_on_large_maps_keep_four_word_rows()
    {
        var shallow = new ConvCase("unpacked_1x1_24x24_c8_to_16", 24, 24, 8, 1, 1, 16, 1, Padding.Valid);
        var source = Source(shallow.Conv2D(), KernelCheck.Host("dsp"), "CONV_2D", "dsp_2x2");
        Assert.DoesNotContain("eg_requantize_packed", source);
        Assert.Contains("eg_requantize_fast", source);
    }

    /// <summary>The shift word's low byte read by the Thumb-2 register shift (eg_asr_word), in QEMU.</summary>
    [Theory]
    [InlineData("cortex-m4")]
    [InlineData("cortex-m33")]
    [InlineData("cortex-m55")]
    public void Packed_rows_are_exact_in_qemu(string target)
    {
        var t = TargetCatalog.Find(target);
        foreach (var c in ConvCases) KernelCheck.Run(c.Conv2D(), t, "CONV_2D", "dsp_2x2");
        foreach (var c in PlanarCases) KernelCheck.Run(c.Depthwise(), t, "DEPTHWISE_CONV_2D", "dsp_planar");
        foreach (var c in FullyConnectedCases) KernelCheck.Run(c.Build(), t, "FULLY_CONNECTED", "dsp_4x4");
    }
}
