using EdgeGen.Emit.C;
using EdgeGen.Ir;
using EdgeGen.Pipeline;
using EdgeGen.Targets;
using EdgeGen.Tests.Support;
using Xunit;

namespace EdgeGen.Tests.Kernels;

/// <summary>
/// Kernels that write their output over their own input (the planner places the output a kernel-given lead before
/// the input when the input dies there) stay bit-exact with the reference: on the host and in QEMU.
/// </summary>
public class OverlappedOutputTests
{
    /// <summary>Geometries whose output, by the kernel's access order, can start before the end of its input.</summary>
    public static readonly ConvCase[] Cases =
    [
        new("pointwise_odd_pixels", 5, 3, 8, 1, 1, 6, 1, Padding.Valid),
        new("3x3_same_cin5_cout7", 7, 6, 5, 3, 3, 7, 1, Padding.Same, PerChannel: false, Activation: Activation.None),
        new("3x3_same_c8_wider_out", 6, 7, 8, 3, 3, 16, 1, Padding.Same, InZp: -128, OutZp: -128),
        new("3x3_stride2_same_relu6", 9, 8, 4, 3, 3, 4, 2, Padding.Same, Activation: Activation.Relu6, OutZp: -20),
        new("4x4_same_uneven_padding", 6, 7, 12, 4, 4, 12, 1, Padding.Same, InZp: 11, OutZp: -128),
        new("5x3_valid_dilation2_cin3", 11, 9, 3, 5, 3, 2, 1, Padding.Valid, Dilation: 2),
        new("two_batches_3x3_same", 5, 6, 8, 3, 3, 8, 1, Padding.Same, Batches: 2, InZp: -128, OutZp: -128),
        new("two_batches_stride2_valid", 7, 7, 6, 3, 3, 4, 2, Padding.Valid, Batches: 2, InZp: -128, OutZp: -128),
    ];

    public static IEnumerable<object[]> Data() => Cases.Select(c => new object[] { c });

    /// <summary>Depthwise cases: multiplier 1, no dilation (the row-ring kernel's domain; the planar ring also takes dilation).</summary>
    public static IEnumerable<object[]> DepthwiseData() => Cases.Where(c => c.Dilation == 1).Select(c => new object[] { c });

    [Theory]
    [MemberData(nameof(Data))]
    public void Conv_dsp_2x2_over_its_input_on_host(ConvCase c) => Check(OverlapChain.Conv2D(c), KernelCheck.Host("dsp"), "CONV_2D", "dsp_2x2");

    [Theory]
    [MemberData(nameof(DepthwiseData))]
    public void Depthwise_dsp_simd4_over_its_input_on_host(ConvCase c) => Check(OverlapChain.Depthwise(c), KernelCheck.Host("dsp"), "DEPTHWISE_CONV_2D", "dsp_simd4");

    [Theory]
    [MemberData(nameof(Data))]
    public void Depthwise_dsp_planar_over_its_input_on_host(ConvCase c) => Check(OverlapChain.Depthwise(c), KernelCheck.Host("dsp"), "DEPTHWISE_CONV_2D", "dsp_planar");

    [Theory]
    [InlineData("cortex-m4")]
    [InlineData("cortex-m55")]
    public void Both_over_their_input_in_qemu(string target)
    {
        var spec = TargetCatalog.Find(target);
        foreach (var c in Cases)
        {
            Check(OverlapChain.Conv2D(c), spec, "CONV_2D", "dsp_2x2");
            if (c.Dilation == 1) Check(OverlapChain.Depthwise(c), spec, "DEPTHWISE_CONV_2D", "dsp_simd4");
            Check(OverlapChain.Depthwise(c), spec, "DEPTHWISE_CONV_2D", "dsp_planar");
        }
    }

    /// <summary>The layer-by-layer plan without overlaps is larger: the overlap is what the arena gains.</summary>
    [Fact]
    public void Overlap_lowers_the_arena()
    {
        var (graph, _, _) = OverlapChain.Depthwise(Cases[2]);
        var target = KernelCheck.Host("dsp");
        var model = CModel.Create(graph, target);
        var plain = EdgeGen.Planning.MemoryPlanner.Plan(graph, i => model.Choices[i].ScratchBytes);
        Assert.True(model.Plan.ArenaBytes < plain.ArenaBytes, $"arena {model.Plan.ArenaBytes} with overlaps, {plain.ArenaBytes} without");
    }

    private static void Check((Graph Graph, int Input, int Output) chain, TargetSpec target, string kind, string variant)
    {
        var run = KernelCheck.Run(chain.Graph, target, kind, variant);
        var plan = run.Project.Model.Plan;
        var (input, output) = (plan[chain.Input], plan[chain.Output]);
        // The case's output shares bytes with its input: the planner did overlap them (and the kernel was still exact).
        Assert.True(input.Offset < output.Offset + chain.Graph[chain.Output].ByteSize && output.Offset < input.Offset + chain.Graph[chain.Input].ByteSize,
            $"{chain.Graph.Name}: input at {input.Offset} ({chain.Graph[chain.Input].ByteSize} bytes), output at {output.Offset} ({chain.Graph[chain.Output].ByteSize} bytes) do not overlap");
    }
}
