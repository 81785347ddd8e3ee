using System.Collections.Immutable;
using EdgeGen.Ir;
using EdgeGen.Ir.Ops;
using EdgeGen.Targets;
using EdgeGen.Tests.Support;
using Xunit;

namespace EdgeGen.Tests.Kernels;

/// <summary>
/// One hand-built ternary CONV_2D: 1x1 and 3x3 filters, strides 1 and 2, SAME and VALID padding (padded taps must read
/// as the input zero point), odd sizes, dead channels, two trit planes, batches, saturation and all-extreme inputs.
/// </summary>
public sealed record TernaryConvCase(string Name, int H, int W, int Cin, int Cout, int K, int Stride, Padding Padding,
    double Zeros = 0.4, TritPattern Pattern = TritPattern.Ternary, int Batches = 1, int InZp = -5, int OutZp = 3,
    float OutScale = 0.5f, Activation Activation = Activation.Relu, int DeadChannels = 0, sbyte? Fill = null)
{
    public override string ToString() => Name;

    private int Seed => Name.Aggregate(23, (h, c) => unchecked(h * 31 + c)) & 0xFFFF;

    public Graph Graph()
    {
        var b = new KernelGraphBuilder(Name, Seed);
        var window = new Window2D(Padding, Stride, Stride);
        var x = b.Input(new Shape(Batches, H, W, Cin), 0.02f, InZp);
        var w = b.Weights(new Shape(Cout, K, K, Cin), 0, true, TernaryTrits.Draw(b.Rng, Cout, K * K * Cin, Pattern, Zeros, DeadChannels));
        var bias = b.Bias(Cout);
        var y = b.Activation(new Shape(Batches, window.OutputH(H, K), window.OutputW(W, K), Cout), OutScale, OutZp);
        b.Op(new Conv2D(ImmutableArray.Create(x, w, bias), ImmutableArray.Create(y), window, Activation));
        b.Output(y);
        return b.Build();
    }

    public byte[] Input(Graph g) => TernaryCheck.Input(g, Seed, Fill);

    public static readonly TernaryConvCase[] All =
    [
        new("tconv_1x1_in_place_5x7x13_9", 5, 7, 13, 9, 1, 1, Padding.Valid),
        new("tconv_1x1_stride2_6x5x8_7", 6, 5, 8, 7, 1, 2, Padding.Same, DeadChannels: 2),
        new("tconv_3x3_same_7x5x3_11", 7, 5, 3, 11, 3, 1, Padding.Same, InZp: 9, Activation: Activation.None),
        new("tconv_3x3_stride2_same_two_planes", 9, 8, 6, 10, 3, 2, Padding.Same, Pattern: TritPattern.TwoPlanes, Zeros: 0.3, Activation: Activation.Relu6),
        new("tconv_3x3_valid_batches2_saturating", 6, 6, 5, 6, 3, 1, Padding.Valid, Batches: 2, OutScale: 0.0005f, OutZp: 0, Activation: Activation.None),
        new("tconv_3x3_dense_minus128_lane_flush", 4, 4, 40, 5, 3, 1, Padding.Same, Pattern: TritPattern.Dense, Fill: -128, InZp: -128, OutScale: 40f, Activation: Activation.None),
    ];

    /// <summary>Generates the case with the ternary variant pinned, runs it and asserts the outputs equal the reference interpreter's.</summary>
    public void Check(TargetSpec target, string variant) => TernaryCheck.Run(Name, Graph(), g => Input(g), target, variant);
}
