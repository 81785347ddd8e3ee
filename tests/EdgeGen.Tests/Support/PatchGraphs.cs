using EdgeGen.Ir;
using EdgeGen.Ir.Ops;
using static EdgeGen.Tests.Support.TestGraphBuilder;

namespace EdgeGen.Tests.Support;

/// <summary>
/// Hand-built CNN stems for patch-based inference: odd sizes, stride 2, SAME and VALID padding
/// with nonzero zero points, dilation, pools, PAD, a residual ADD (a tensor read by two operators
/// with different windows) and a channel concatenation.
/// </summary>
public static class PatchGraphs
{
    public static IEnumerable<object[]> Names() => All().Select(c => new object[] { c.Name });

    public static OperatorGraphs.Case Get(string name) => All().Single(c => c.Name == name);

    public static IEnumerable<OperatorGraphs.Case> All()
    {
        yield return StridedStem();
        yield return ResidualStem();
    }

    /// <summary>23x19 input: conv 3x3/2 SAME, depthwise 3x3 SAME, conv 1x1, depthwise 3x3/2 VALID, max pool 2x2 SAME, average pool 3x3 SAME.</summary>
    private static OperatorGraphs.Case StridedStem()
    {
        var b = new TestGraphBuilder(101);
        var x = b.Input(DataType.Int8, 0.02f, -7, 1, 23, 19, 3);
        var c1 = Conv(b, x, 3, 8, 3, 3, new Window2D(Padding.Same, 2, 2), 12, 10, Activation.Relu6);
        var d1 = Depthwise(b, c1, 8, 3, new Window2D(Padding.Same, 1, 1), 12, 10, Activation.Relu);
        var c2 = Conv(b, d1, 8, 12, 1, 1, new Window2D(Padding.Same, 1, 1), 12, 10, Activation.None);
        var d2 = Depthwise(b, c2, 12, 3, new Window2D(Padding.Valid, 2, 2), 5, 4, Activation.Relu6);
        var mp = b.Activation(DataType.Int8, 0.05f, -128, 1, 5, 4, 12);
        b.Op(new MaxPool2D(Ids(d2), Ids(mp), new Window2D(Padding.Same, 1, 1), 2, 2, Activation.None));
        var ap = b.Activation(DataType.Int8, 0.05f, -128, 1, 5, 4, 12);
        b.Op(new AveragePool2D(Ids(mp), Ids(ap), new Window2D(Padding.Same, 1, 1), 3, 3, Activation.None));
        return new("strided_stem", b.Build("strided_stem", ap), b.RandomInput(x));
    }

    /// <summary>15x15 input: conv 3x3, dilated depthwise, conv 1x1, ADD with the first conv, PAD, then conv 3x3/2 VALID and average pool concatenated, leaky ReLU, requantize.</summary>
    private static OperatorGraphs.Case ResidualStem()
    {
        var b = new TestGraphBuilder(202);
        var x = b.Input(DataType.Int8, 0.03f, 5, 1, 15, 15, 4);
        var c1 = Conv(b, x, 4, 8, 3, 3, new Window2D(Padding.Same, 1, 1), 15, 15, Activation.Relu);
        var d1 = Depthwise(b, c1, 8, 3, new Window2D(Padding.Same, 1, 1, 2, 2), 15, 15, Activation.None);
        var c2 = Conv(b, d1, 8, 8, 1, 1, new Window2D(Padding.Valid, 1, 1), 15, 15, Activation.None);
        var sum = b.Activation(DataType.Int8, 0.09f, -3, 1, 15, 15, 8);
        b.Op(new Add(Ids(c1, c2), Ids(sum), Activation.Relu));
        var pads = b.Int32Constant(0, 0, 1, 2, 0, 1, 0, 0);
        var padded = b.Activation(DataType.Int8, 0.09f, -3, 1, 18, 16, 8);
        b.Op(new Pad(Ids(sum, pads), Ids(padded)));
        var c3 = Conv(b, padded, 8, 6, 3, 3, new Window2D(Padding.Valid, 2, 2), 8, 7, Activation.None);
        var pooled = b.Activation(DataType.Int8, 0.09f, -3, 1, 8, 7, 8);
        b.Op(new AveragePool2D(Ids(padded), Ids(pooled), new Window2D(Padding.Valid, 2, 2), 3, 3, Activation.None));
        var cat = b.Activation(DataType.Int8, 0.1f, 2, 1, 8, 7, 14);
        b.Op(new Concatenation(Ids(c3, pooled), Ids(cat), 3, Activation.None));
        var leaky = b.Activation(DataType.Int8, 0.08f, 1, 1, 8, 7, 14);
        b.Op(new LeakyRelu(Ids(cat), Ids(leaky), 0.1f));
        var requantized = b.Activation(DataType.Int8, 0.05f, -10, 1, 8, 7, 14);
        b.Op(new Quantize(Ids(leaky), Ids(requantized)));
        return new("residual_stem", b.Build("residual_stem", requantized), b.RandomInput(x));
    }

    private static int Conv(TestGraphBuilder b, int x, int cin, int cout, int kh, int kw, Window2D window, int oh, int ow, Activation act)
    {
        var w = b.Weights(new[] { cout, kh, kw, cin }, axis: 0, perChannel: true);
        var bias = b.Bias(cout);
        var y = b.Activation(DataType.Int8, 0.06f, -11, 1, oh, ow, cout);
        b.Op(new Conv2D(Ids(x, w, bias), Ids(y), window, act));
        return y;
    }

    private static int Depthwise(TestGraphBuilder b, int x, int channels, int k, Window2D window, int oh, int ow, Activation act)
    {
        var w = b.Weights(new[] { 1, k, k, channels }, axis: 3, perChannel: true);
        var bias = b.Bias(channels);
        var y = b.Activation(DataType.Int8, 0.05f, 9, 1, oh, ow, channels);
        b.Op(new DepthwiseConv2D(Ids(x, w, bias), Ids(y), window, 1, act));
        return y;
    }
}
