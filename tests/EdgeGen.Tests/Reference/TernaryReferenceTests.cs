using EdgeGen.Examples;
using EdgeGen.Ir;
using EdgeGen.Ir.Ops;
using EdgeGen.Passes;
using EdgeGen.Ptq;
using EdgeGen.Reference;
using EdgeGen.Tests.Support;
using Xunit;
using static EdgeGen.Tests.Support.TestGraphBuilder;

namespace EdgeGen.Tests.Reference;

/// <summary>
/// Hand-built ternary layers (odd sizes, padding, strides, all-zero channels, one and two trit
/// planes, outputs that saturate) computed from their trit planes with additions only
/// (<see cref="TernaryReference"/>) equal the ordinary int8 and 16x8 reference kernels bit for bit.
/// </summary>
public class TernaryReferenceTests
{
    public enum Weights { OnePlane, TwoPlanes }

    /// <summary>
    /// Ternary int8 weights: trits with a per-channel q (one plane) or q1*t1 + q2*t2 (two planes),
    /// channel 1 all zero; <paramref name="saturate"/> uses the largest multipliers so that outputs clip.
    /// </summary>
    private static int TernaryWeights(TestGraphBuilder b, uint seed, int[] shape, int axis, Weights kind, bool saturate)
    {
        var rng = new XorShift32(seed);
        var count = shape.Aggregate(1, (x, y) => x * y);
        var channels = shape[axis];
        var values = new sbyte[count];
        var s = new Shape(shape);
        for (var i = 0; i < count; i++)
        {
            var c = WeightAxis.ChannelOf(s, axis, i);
            if (c == 1) continue;
            var (q1, q2) = saturate ? (100, 27) : (3 + c % 5, 1 + c % 2);
            var t1 = rng.Next(3) - 1;
            var t2 = kind == Weights.TwoPlanes ? rng.Next(3) - 1 : 0;
            values[i] = (sbyte)(kind == Weights.OnePlane ? (saturate ? 127 : q1) * t1 : q1 * t1 + q2 * t2);
        }
        var scales = Enumerable.Range(0, channels).Select(c => 0.01f + 0.003f * c).ToArray();
        return b.Constant(DataType.Int8, values.Select(v => (byte)v).ToArray(), Calibration.PerAxis(scales, axis), shape);
    }

    private static void AssertBitExact(Graph g, byte[] input, int expectedPlanes)
    {
        var layers = TernaryDetection.Run(g);
        Assert.All(layers, l => Assert.True(l.IsTernary, l.Reason));
        Assert.All(layers, l => Assert.Equal(expectedPlanes, l.Planes.Length));
        Assert.All(layers, l => Assert.Equal(0, l.ChannelMultipliers[1].Sum()));
        var expected = ReferenceInterpreter.Run(g, [input])[0];
        Assert.Equal(expected, TernaryReference.Run(g, [input])[0]);
    }

    private static byte[] Input(Graph g, uint seed, bool saturate)
    {
        var t = g[g.Inputs[0]];
        var bytes = new XorShift32(seed).NextBytes(t.ByteSize);
        if (saturate) for (var i = 0; i < bytes.Length; i += t.Type.SizeInBytes()) bytes[i + t.Type.SizeInBytes() - 1] = (byte)(i % 3 == 0 ? 0x80 : 0x7F);
        return bytes;
    }

    public static IEnumerable<object[]> Cases() =>
        from kind in Enum.GetValues<Weights>()
        from saturate in new[] { false, true }
        select new object[] { kind, saturate };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Conv2D_odd_sizes_stride_and_padding(Weights kind, bool saturate)
    {
        var b = new TestGraphBuilder(21);
        var x = b.Input(DataType.Int8, 0.05f, -3, 2, 7, 5, 3);
        var w = TernaryWeights(b, 5, [5, 3, 3, 3], 0, kind, saturate);
        var bias = b.Bias(5, saturate ? 2_000_000 : 2000);
        var y = b.Activation(DataType.Int8, saturate ? 0.01f : 0.08f, 4, 2, 4, 3, 5);
        b.Op(new Conv2D(Ids(x, w, bias), Ids(y), new Window2D(Padding.Same, 2, 2), Activation.Relu));
        var g = b.Build("ternary_conv", y);
        AssertBitExact(g, Input(g, 7, saturate), kind == Weights.OnePlane ? 1 : 2);
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void DepthwiseConv2D_multiplier_two_with_dilation(Weights kind, bool saturate)
    {
        var b = new TestGraphBuilder(22);
        var x = b.Input(DataType.Int8, 0.04f, 5, 1, 7, 6, 3);
        var w = TernaryWeights(b, 6, [1, 3, 3, 6], 3, kind, saturate);
        var bias = b.Bias(6);
        var y = b.Activation(DataType.Int8, saturate ? 0.005f : 0.06f, -7, 1, 7, 6, 6);
        b.Op(new DepthwiseConv2D(Ids(x, w, bias), Ids(y), new Window2D(Padding.Same, 1, 1, 2, 2), 2, Activation.Relu6));
        var g = b.Build("ternary_depthwise", y);
        AssertBitExact(g, Input(g, 8, saturate), kind == Weights.OnePlane ? 1 : 2);
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void FullyConnected_batches_and_odd_depth(Weights kind, bool saturate)
    {
        var b = new TestGraphBuilder(23);
        var x = b.Input(DataType.Int8, 0.1f, 11, 3, 13);
        var w = TernaryWeights(b, 9, [7, 13], 0, kind, saturate);
        var bias = b.Bias(7);
        var y = b.Activation(DataType.Int8, saturate ? 0.02f : 0.3f, -1, 3, 7);
        b.Op(new FullyConnected(Ids(x, w, bias), Ids(y), Activation.None, KeepNumDims: false));
        var g = b.Build("ternary_fc", y);
        AssertBitExact(g, Input(g, 10, saturate), kind == Weights.OnePlane ? 1 : 2);
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Conv2D_16x8(Weights kind, bool saturate)
    {
        var b = new TestGraphBuilder(24);
        var x = b.Input(DataType.Int16, 0.001f, 0, 1, 5, 6, 2);
        var w = TernaryWeights(b, 11, [3, 2, 3, 2], 0, kind, saturate);
        var bias = b.Bias(3, 100000, DataType.Int64);
        var y = b.Activation(DataType.Int16, saturate ? 0.0001f : 0.002f, 0, 1, 4, 4, 3);
        b.Op(new Conv2D(Ids(x, w, bias), Ids(y), new Window2D(Padding.Valid, 1, 1), Activation.None));
        var g = b.Build("ternary_conv_16x8", y);
        AssertBitExact(g, Input(g, 12, saturate), kind == Weights.OnePlane ? 1 : 2);
    }

    [Fact]
    public void Saturating_cases_do_clip()
    {
        var b = new TestGraphBuilder(23);
        var x = b.Input(DataType.Int8, 0.1f, 11, 3, 13);
        var w = TernaryWeights(b, 9, [7, 13], 0, Weights.TwoPlanes, saturate: true);
        var y = b.Activation(DataType.Int8, 0.02f, -1, 3, 7);
        b.Op(new FullyConnected(Ids(x, w), Ids(y), Activation.None, KeepNumDims: false));
        var g = b.Build("ternary_fc", y);
        var output = TernaryReference.Run(g, [Input(g, 10, saturate: true)])[0].Select(v => (sbyte)v).ToArray();
        Assert.Contains((sbyte)127, output);
        Assert.Contains((sbyte)-128, output);
    }
}
