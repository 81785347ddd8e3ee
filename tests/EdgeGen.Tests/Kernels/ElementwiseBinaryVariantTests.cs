using System.Collections.Immutable;
using EdgeGen.Ir;
using EdgeGen.Ir.Ops;
using EdgeGen.Targets;
using EdgeGen.Tests.Support;
using Xunit;

namespace EdgeGen.Tests.Kernels;

/// <summary>One hand-built int8 ADD or SUB graph: scales, zero points, activations and broadcasting.</summary>
public sealed record BinaryCase(string Name, bool Subtract, int[] ShapeA, int[] ShapeB, float ScaleA, int ZpA, float ScaleB, int ZpB,
    float OutScale, int OutZp, Activation Activation = Activation.None)
{
    public override string ToString() => Name;

    public Graph Build()
    {
        var b = new KernelGraphBuilder(Name, Name.Aggregate(17, (h, c) => unchecked(h * 31 + c)) & 0xFFFF);
        var x = b.Input(new Shape(ShapeA), ScaleA, ZpA);
        var y = b.Input(new Shape(ShapeB), ScaleB, ZpB);
        var outShape = new Shape(ShapeA.Zip(ShapeB, Math.Max).ToArray());
        var z = b.Activation(outShape, OutScale, OutZp);
        var inputs = ImmutableArray.Create(x, y);
        var outputs = ImmutableArray.Create(z);
        b.Op(Subtract ? new Sub(inputs, outputs, Activation) : new Add(inputs, outputs, Activation));
        b.Output(z);
        return b.Build();
    }

    public string Kind => Subtract ? "SUB" : "ADD";

    public static readonly BinaryCase[] All =
    [
        new("add_same_shape_residual", false, [1, 5, 7, 6], [1, 5, 7, 6], 0.05f, -3, 0.08f, 10, 0.1f, -5),
        // A multiple of four elements: the lut kernel's unrolled loop (the cases above and below with 210 and 18 take the plain one).
        new("add_same_shape_unrolled", false, [1, 4, 6, 8], [1, 4, 6, 8], 0.06f, 12, 0.03f, -9, 0.07f, 2),
        new("add_relu_extreme_zero_points", false, [1, 4, 3, 5], [1, 4, 3, 5], 0.02f, -128, 0.02f, 127, 0.03f, -128, Activation.Relu),
        new("add_broadcast_channel_relu6", false, [1, 3, 4, 8], [1, 1, 1, 8], 0.04f, 0, 0.01f, -7, 0.05f, 3, Activation.Relu6),
        new("add_saturating_small_output_scale", false, [2, 9], [2, 9], 0.1f, 5, 0.09f, -6, 0.01f, 0),
        new("sub_same_shape", true, [1, 6, 6, 3], [1, 6, 6, 3], 0.03f, 4, 0.06f, -20, 0.05f, 8),
        new("sub_broadcast_rows", true, [1, 5, 4, 2], [1, 5, 1, 2], 0.07f, -1, 0.02f, 30, 0.04f, -100),
    ];

    public static IEnumerable<object[]> Data() => All.Select(c => new object[] { c });
}

/// <summary>The table (lut) ADD/SUB kernels are bit-exact with the reference interpreter.</summary>
public class ElementwiseBinaryVariantTests
{
    [Theory]
    [MemberData(nameof(BinaryCase.Data), MemberType = typeof(BinaryCase))]
    public void Lut_on_host(BinaryCase c) => KernelCheck.Run(c.Build(), KernelCheck.Host("dsp"), c.Kind, "lut");

    [Theory]
    [MemberData(nameof(BinaryCase.Data), MemberType = typeof(BinaryCase))]
    public void Generic_on_host(BinaryCase c) => KernelCheck.Run(c.Build(), KernelCheck.Host(), c.Kind, "generic");

    [Theory]
    [InlineData("cortex-m4")]
    [InlineData("cortex-m7")]
    [InlineData("cortex-m33")]
    [InlineData("cortex-m55")]
    public void Lut_in_qemu(string target)
    {
        foreach (var c in BinaryCase.All) KernelCheck.Run(c.Build(), TargetCatalog.Find(target), c.Kind, "lut");
    }

    [Fact]
    public void Lut_is_not_offered_without_the_dsp_extension() =>
        Assert.DoesNotContain(EdgeGen.Emit.C.KernelSelection.Choose(BinaryCase.All[0].Build(), 0, TargetCatalog.Find("cortex-m3")).Options, o => o.Name == "lut");
}
