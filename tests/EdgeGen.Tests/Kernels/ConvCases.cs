using System.Collections.Immutable;
using EdgeGen.Ir;
using EdgeGen.Ir.Ops;
using EdgeGen.Tests.Support;

namespace EdgeGen.Tests.Kernels;

/// <summary>One hand-built convolution-like test graph: odd sizes, padding, strides, quantization variants.</summary>
public sealed record ConvCase(string Name, int H, int W, int Cin, int KH, int KW, int Cout, int Stride, Padding Padding,
    int Dilation = 1, bool PerChannel = true, Activation Activation = Activation.Relu, int InZp = -3, int OutZp = 7,
    float OutScale = 0.05f, int Batches = 1, bool DeadChannel = false, int DepthMultiplier = 1)
{
    public override string ToString() => Name;

    /// <summary>A seed from the case name that is the same in every run (string.GetHashCode is randomized per process).</summary>
    private static int StableSeed(string name) => name.Aggregate(17, (h, c) => unchecked(h * 31 + c)) & 0xFFFF;

    public Graph Conv2D()
    {
        var b = new KernelGraphBuilder(Name, StableSeed(Name));
        var x = b.Input(new Shape(Batches, H, W, Cin), 0.02f, InZp);
        var w = b.Weights(new Shape(Cout, KH, KW, Cin), 0, PerChannel);
        if (DeadChannel) b.ZeroChannel(w, 0, Cout / 2);
        var bias = b.Bias(Cout);
        var window = new Window2D(Padding, Stride, Stride, Dilation, Dilation);
        var y = b.Activation(new Shape(Batches, window.OutputH(H, KH), window.OutputW(W, KW), Cout), OutScale, OutZp);
        b.Op(new Conv2D(ImmutableArray.Create(x, w, bias), ImmutableArray.Create(y), window, Activation));
        b.Output(y);
        return b.Build();
    }

    public Graph Depthwise()
    {
        var b = new KernelGraphBuilder(Name, StableSeed(Name));
        var cout = Cin * DepthMultiplier;
        var x = b.Input(new Shape(Batches, H, W, Cin), 0.02f, InZp);
        var w = b.Weights(new Shape(1, KH, KW, cout), 3, PerChannel);
        if (DeadChannel) b.ZeroChannel(w, 3, cout / 2);
        var bias = b.Bias(cout);
        var window = new Window2D(Padding, Stride, Stride, Dilation, Dilation);
        var y = b.Activation(new Shape(Batches, window.OutputH(H, KH), window.OutputW(W, KW), cout), OutScale, OutZp);
        b.Op(new DepthwiseConv2D(ImmutableArray.Create(x, w, bias), ImmutableArray.Create(y), window, DepthMultiplier, Activation));
        b.Output(y);
        return b.Build();
    }

    /// <summary>Shapes every convolution variant must get right.</summary>
    public static readonly ConvCase[] All =
    [
        new("pointwise_odd_pixels", 5, 3, 8, 1, 1, 6, 1, Padding.Valid),
        new("3x3_same_cin5_cout7_per_tensor", 7, 6, 5, 3, 3, 7, 1, Padding.Same, PerChannel: false, Activation: Activation.None),
        new("3x3_stride2_same_relu6", 9, 8, 4, 3, 3, 3, 2, Padding.Same, Activation: Activation.Relu6, OutZp: -20),
        new("4x4_same_uneven_padding", 6, 7, 12, 4, 4, 5, 1, Padding.Same, InZp: 11, OutZp: -128),
        new("5x3_valid_dilation2_cin3", 11, 9, 3, 5, 3, 2, 1, Padding.Valid, Dilation: 2),
        new("saturating_outputs", 4, 5, 16, 3, 3, 9, 1, Padding.Same, OutScale: 0.0005f, Activation: Activation.None, OutZp: 0),
        new("dead_channel_cin1", 6, 5, 1, 3, 3, 4, 2, Padding.Same, DeadChannel: true),
        new("two_batches_stride2_valid", 7, 7, 6, 3, 3, 4, 2, Padding.Valid, Batches: 2, InZp: -128, OutZp: -128),
    ];

    public static IEnumerable<object[]> Data() => All.Select(c => new object[] { c });
}
