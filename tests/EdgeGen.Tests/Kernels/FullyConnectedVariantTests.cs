using System.Collections.Immutable;
using EdgeGen.Ir;
using EdgeGen.Ir.Ops;
using EdgeGen.Targets;
using EdgeGen.Tests.Support;
using Xunit;

namespace EdgeGen.Tests.Kernels;

/// <summary>One hand-built FULLY_CONNECTED graph: depths and unit counts around the kernels' block sizes.</summary>
public sealed record FullyConnectedCase(string Name, int Batches, int Depth, int Units, bool PerChannel = false,
    Activation Activation = Activation.None, int InZp = -3, int OutZp = 5, float OutScale = 0.05f, bool DeadUnit = false)
{
    public override string ToString() => Name;

    public Graph Build()
    {
        var b = new KernelGraphBuilder(Name, Name.Aggregate(17, (h, c) => unchecked(h * 31 + c)) & 0xFFFF);
        var x = b.Input(new Shape(Batches, Depth), 0.02f, InZp);
        var w = b.Weights(new Shape(Units, Depth), 0, PerChannel);
        if (DeadUnit) b.ZeroChannel(w, 0, Units / 2);
        var bias = b.Bias(Units);
        var y = b.Activation(new Shape(Batches, Units), OutScale, OutZp);
        b.Op(new FullyConnected(ImmutableArray.Create(x, w, bias), ImmutableArray.Create(y), Activation, KeepNumDims: false));
        b.Output(y);
        return b.Build();
    }

    public static readonly FullyConnectedCase[] All =
    [
        new("depth1_units16", 1, 1, 16, Activation: Activation.Relu),
        new("depth16_units16", 1, 16, 16, Activation: Activation.Relu),
        new("depth13_units7_per_channel", 1, 13, 7, PerChannel: true),
        new("depth6_units5_relu6", 1, 6, 5, Activation: Activation.Relu6, OutZp: -20),
        new("depth640_units130_two_batches", 2, 640, 130, InZp: -128, OutZp: -128),
        new("depth35_units3_saturating", 1, 35, 3, OutScale: 0.0005f, OutZp: 0),
        new("depth23_units9_dead_unit", 3, 23, 9, PerChannel: true, DeadUnit: true, InZp: 11),
        new("depth8_units128_two_steps", 1, 8, 128, Activation: Activation.Relu),  // ad01's shape where the M55 build once failed to allocate the asm's registers
    ];

    public static IEnumerable<object[]> Data() => All.Select(c => new object[] { c });
}

/// <summary>Every FULLY_CONNECTED variant is bit-exact with the reference interpreter on hand-built graphs.</summary>
public class FullyConnectedVariantTests
{
    [Theory]
    [MemberData(nameof(FullyConnectedCase.Data), MemberType = typeof(FullyConnectedCase))]
    public void Dsp_4x4_on_host(FullyConnectedCase c) => KernelCheck.Run(c.Build(), KernelCheck.Host("dsp"), "FULLY_CONNECTED", "dsp_4x4");

    [Theory]
    [MemberData(nameof(FullyConnectedCase.Data), MemberType = typeof(FullyConnectedCase))]
    public void Dsp_4x4_widened_on_host(FullyConnectedCase c) => KernelCheck.Run(c.Build(), KernelCheck.Host("dsp"), "FULLY_CONNECTED", "dsp_4x4_widened");

    [Theory]
    [MemberData(nameof(FullyConnectedCase.Data), MemberType = typeof(FullyConnectedCase))]
    public void Generic_on_host(FullyConnectedCase c) => KernelCheck.Run(c.Build(), KernelCheck.Host(), "FULLY_CONNECTED", "generic");

    [Theory]
    [InlineData("cortex-m4")]
    [InlineData("cortex-m7")]
    [InlineData("cortex-m33")]
    [InlineData("cortex-m55")]
    public void Dsp_4x4_in_qemu(string target)
    {
        foreach (var c in FullyConnectedCase.All) KernelCheck.Run(c.Build(), TargetCatalog.Find(target), "FULLY_CONNECTED", "dsp_4x4");
    }

    [Theory]
    [InlineData("cortex-m4")]
    [InlineData("cortex-m7")]
    [InlineData("cortex-m33")]
    [InlineData("cortex-m55")]
    public void Dsp_4x4_widened_in_qemu(string target)
    {
        foreach (var c in FullyConnectedCase.All) KernelCheck.Run(c.Build(), TargetCatalog.Find(target), "FULLY_CONNECTED", "dsp_4x4_widened");
    }

    [Fact]
    public void Weights_are_grouped_by_four_units_per_step_with_zero_padding()
    {
        // 5 units x 5 inputs, weight = 10 * unit + input: block of units 0-3, then unit 4 alone; steps of 4 inputs.
        var w = Enumerable.Range(0, 25).Select(i => (sbyte)(10 * (i / 5) + i % 5)).ToArray();
        var words = Emit.C.Kernels.FullyConnectedDsp.StepOrderWords(w, 5, 5);
        int Word(params int[] b) => b[0] | b[1] << 8 | b[2] << 16 | b[3] << 24;
        Assert.Equal(
        [
            Word(0, 1, 2, 3), Word(10, 11, 12, 13), Word(20, 21, 22, 23), Word(30, 31, 32, 33),
            Word(4, 0, 0, 0), Word(14, 0, 0, 0), Word(24, 0, 0, 0), Word(34, 0, 0, 0),
            Word(40, 41, 42, 43), Word(44, 0, 0, 0),
        ], words);
    }
}
