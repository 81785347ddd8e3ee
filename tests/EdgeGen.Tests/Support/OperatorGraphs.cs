using EdgeGen.Ir;
using EdgeGen.Ir.Ops;
using static EdgeGen.Tests.Support.TestGraphBuilder;

namespace EdgeGen.Tests.Support;

/// <summary>
/// One small hand-built graph per operator kind the generators support, with odd sizes, padding,
/// strides and per-channel quantization, plus a seeded input. Used by the snapshot tests and the
/// bit-exact kernel tests.
/// </summary>
public static class OperatorGraphs
{
    public sealed record Case(string Name, Graph Graph, byte[] Input)
    {
        public override string ToString() => Name;
    }

    public static IEnumerable<object[]> Names() => All().Select(c => new object[] { c.Name });

    public static Case Get(string name) => All().Single(c => c.Name == name);

    public static IEnumerable<Case> All()
    {
        yield return Conv2D();
        yield return Conv2D16x8();
        yield return DepthwiseConv2D();
        yield return FullyConnected();
        yield return AveragePool2D();
        yield return MaxPool2D();
        yield return AddBroadcast();
        yield return Sub();
        yield return Softmax();
        yield return Reshape();
        yield return Quantize();
        yield return Dequantize();
        yield return Pad();
        yield return LeakyRelu16();
        yield return StridedSlice();
        yield return TransposeConv();
        yield return TransposeConv16x8();
        yield return MeanSpatial();
        yield return MeanRequantized();
        yield return Concatenation();
    }

    private static Case Make(string name, TestGraphBuilder b, int input, int output) =>
        new(name, b.Build(name, output), b.RandomInput(input));

    private static Case Conv2D()
    {
        var b = new TestGraphBuilder(11);
        var x = b.Input(DataType.Int8, 0.05f, -3, 1, 7, 9, 3);
        var w = b.Weights(new[] { 5, 3, 3, 3 }, axis: 0, perChannel: true);
        var bias = b.Bias(5);
        var y = b.Activation(DataType.Int8, 0.08f, 4, 1, 4, 5, 5);
        b.Op(new Conv2D(Ids(x, w, bias), Ids(y), new Window2D(Padding.Same, 2, 2), Activation.Relu));
        return Make("conv_2d", b, x, y);
    }

    private static Case Conv2D16x8()
    {
        var b = new TestGraphBuilder(12);
        var x = b.Input(DataType.Int16, 0.001f, 0, 1, 5, 6, 2);
        var w = b.Weights(new[] { 3, 2, 3, 2 }, axis: 0, perChannel: true);
        var bias = b.Bias(3, 100000, DataType.Int64);
        var y = b.Activation(DataType.Int16, 0.002f, 0, 1, 4, 4, 3);
        b.Op(new Conv2D(Ids(x, w, bias), Ids(y), new Window2D(Padding.Valid, 1, 1), Activation.None));
        return Make("conv_2d_16x8", b, x, y);
    }

    private static Case DepthwiseConv2D()
    {
        var b = new TestGraphBuilder(13);
        var x = b.Input(DataType.Int8, 0.04f, 5, 1, 6, 5, 3);
        var w = b.Weights(new[] { 1, 3, 3, 6 }, axis: 3, perChannel: true);
        var bias = b.Bias(6);
        var y = b.Activation(DataType.Int8, 0.06f, -7, 1, 6, 5, 6);
        b.Op(new DepthwiseConv2D(Ids(x, w, bias), Ids(y), new Window2D(Padding.Same, 1, 1), 2, Activation.Relu6));
        return Make("depthwise_conv_2d", b, x, y);
    }

    private static Case FullyConnected()
    {
        var b = new TestGraphBuilder(14);
        var x = b.Input(DataType.Int8, 0.1f, 12, 2, 13);
        var w = b.Weights(new[] { 7, 13 }, axis: 0, perChannel: false);
        var bias = b.Bias(7);
        var y = b.Activation(DataType.Int8, 0.15f, -2, 2, 7);
        b.Op(new FullyConnected(Ids(x, w, bias), Ids(y), Activation.None, false));
        return Make("fully_connected", b, x, y);
    }

    private static Case AveragePool2D()
    {
        var b = new TestGraphBuilder(15);
        var x = b.Input(DataType.Int8, 0.05f, 1, 1, 7, 6, 3);
        var y = b.Activation(DataType.Int8, 0.05f, 1, 1, 3, 2, 3);
        b.Op(new AveragePool2D(Ids(x), Ids(y), new Window2D(Padding.Same, 3, 3), 3, 3, Activation.None));
        return Make("average_pool_2d", b, x, y);
    }

    private static Case MaxPool2D()
    {
        var b = new TestGraphBuilder(16);
        var x = b.Input(DataType.Int8, 0.05f, 1, 1, 5, 5, 2);
        var y = b.Activation(DataType.Int8, 0.05f, 1, 1, 2, 2, 2);
        b.Op(new MaxPool2D(Ids(x), Ids(y), new Window2D(Padding.Valid, 2, 2), 2, 2, Activation.Relu));
        return Make("max_pool_2d", b, x, y);
    }

    private static Case AddBroadcast()
    {
        var b = new TestGraphBuilder(17);
        var x = b.Input(DataType.Int8, 0.05f, 3, 1, 3, 4, 5);
        var c = b.Constant(DataType.Int8, Enumerable.Range(0, 5).Select(i => (byte)(sbyte)(i * 20 - 40)).ToArray(), Quantization.PerTensor(0.02f, -1), 1, 1, 1, 5);
        var y = b.Activation(DataType.Int8, 0.07f, -5, 1, 3, 4, 5);
        b.Op(new Add(Ids(x, c), Ids(y), Activation.None));
        return Make("add_broadcast", b, x, y);
    }

    private static Case Sub()
    {
        var b = new TestGraphBuilder(18);
        var x = b.Input(DataType.Int8, 0.05f, 3, 2, 9);
        var r = b.Activation(DataType.Int8, 0.05f, 3, 2, 9);
        b.Op(new Reshape(Ids(x), Ids(r)));
        var y = b.Activation(DataType.Int8, 0.03f, 0, 2, 9);
        b.Op(new Sub(Ids(r, x), Ids(y), Activation.Relu));
        return Make("sub", b, x, y);
    }

    private static Case Softmax()
    {
        var b = new TestGraphBuilder(19);
        var x = b.Input(DataType.Int8, 0.12f, -10, 3, 10);
        var y = b.Activation(DataType.Int8, 1f / 256, -128, 3, 10);
        b.Op(new Softmax(Ids(x), Ids(y), 1f));
        return Make("softmax", b, x, y);
    }

    private static Case Reshape()
    {
        var b = new TestGraphBuilder(20);
        var x = b.Input(DataType.Int8, 0.05f, 0, 1, 2, 3, 4);
        var y = b.Activation(DataType.Int8, 0.05f, 0, 1, 24);
        b.Op(new Reshape(Ids(x), Ids(y)));
        return Make("reshape", b, x, y);
    }

    private static Case Quantize()
    {
        var b = new TestGraphBuilder(21);
        var x = b.Input(DataType.Int8, 0.05f, 7, 1, 33);
        var y = b.Activation(DataType.Int16, 0.0007f, 0, 1, 33);
        b.Op(new Quantize(Ids(x), Ids(y)));
        return Make("quantize", b, x, y);
    }

    private static Case Dequantize()
    {
        var b = new TestGraphBuilder(22);
        var x = b.Input(DataType.Int8, 0.0371f, -9, 1, 21);
        var f = b.Activation(DataType.Float32, 1f, 0, 1, 21);
        b.Op(new Dequantize(Ids(x), Ids(f)));
        return Make("dequantize", b, x, f);
    }

    private static Case Pad()
    {
        var b = new TestGraphBuilder(23);
        var x = b.Input(DataType.Int8, 0.05f, -4, 1, 3, 4, 2);
        var p = b.Int32Constant(0, 0, 1, 2, 2, 0, 0, 1);
        var y = b.Activation(DataType.Int8, 0.05f, -4, 1, 6, 6, 3);
        b.Op(new Pad(Ids(x, p), Ids(y)));
        return Make("pad", b, x, y);
    }

    private static Case LeakyRelu16()
    {
        var b = new TestGraphBuilder(24);
        var x = b.Input(DataType.Int16, 0.0013f, 0, 1, 4, 5, 3);
        var y = b.Activation(DataType.Int16, 0.0009f, 0, 1, 4, 5, 3);
        b.Op(new LeakyRelu(Ids(x), Ids(y), 0.2f));
        return Make("leaky_relu_16", b, x, y);
    }

    private static Case StridedSlice()
    {
        var b = new TestGraphBuilder(25);
        var x = b.Input(DataType.Int8, 0.05f, 0, 1, 7, 6, 4);
        var begin = b.Int32Constant(0, 1, -1, 0);
        var end = b.Int32Constant(1, 7, 0, 4);
        var strides = b.Int32Constant(1, 2, -2, 3);
        var y = b.Activation(DataType.Int8, 0.05f, 0, 1, 3, 3, 2);
        b.Op(new StridedSlice(Ids(x, begin, end, strides), Ids(y), 0, 0, 0, 0, 0, false));
        return Make("strided_slice", b, x, y);
    }

    private static Case TransposeConv()
    {
        var b = new TestGraphBuilder(26);
        var x = b.Input(DataType.Int8, 0.05f, 3, 1, 3, 4, 2);
        var shape = b.Int32Constant(1, 6, 8, 3);
        var w = b.Weights(new[] { 3, 3, 3, 2 }, axis: 0, perChannel: true);
        var bias = b.Bias(3);
        var y = b.Activation(DataType.Int8, 0.04f, -2, 1, 6, 8, 3);
        b.Op(new TransposeConv(Ids(shape, w, x, bias), Ids(y), new Window2D(Padding.Same, 2, 2), Activation.None));
        return Make("transpose_conv", b, x, y);
    }

    private static Case TransposeConv16x8()
    {
        var b = new TestGraphBuilder(27);
        var x = b.Input(DataType.Int16, 0.001f, 0, 1, 3, 3, 2);
        var shape = b.Int32Constant(1, 5, 5, 2);
        var w = b.Weights(new[] { 2, 3, 3, 2 }, axis: 0, perChannel: true);
        var bias = b.Bias(2, 50000, DataType.Int64);
        var y = b.Activation(DataType.Int16, 0.002f, 0, 1, 5, 5, 2);
        b.Op(new TransposeConv(Ids(shape, w, x, bias), Ids(y), new Window2D(Padding.Valid, 1, 1), Activation.None));
        return Make("transpose_conv_16x8", b, x, y);
    }

    private static Case MeanSpatial()
    {
        var b = new TestGraphBuilder(28);
        var x = b.Input(DataType.Int8, 0.05f, 3, 1, 5, 3, 4);
        var axes = b.Int32Constant(1, 2);
        var y = b.Activation(DataType.Int8, 0.03f, -1, 1, 1, 1, 4);
        b.Op(new Mean(Ids(x, axes), Ids(y), KeepDims: true));
        return Make("mean_spatial", b, x, y);
    }

    private static Case MeanRequantized()
    {
        var b = new TestGraphBuilder(29);
        var x = b.Input(DataType.Int8, 0.05f, 3, 2, 3, 5);
        var axes = b.Int32Constant(-1);
        var y = b.Activation(DataType.Int8, 0.02f, 4, 2, 3);
        b.Op(new Mean(Ids(x, axes), Ids(y), KeepDims: false));
        return Make("mean_requantized", b, x, y);
    }

    private static Case Concatenation()
    {
        var b = new TestGraphBuilder(30);
        var x = b.Input(DataType.Int8, 0.05f, 2, 1, 2, 3, 2);
        var c = b.Constant(DataType.Int8, Enumerable.Range(0, 12).Select(i => (byte)(sbyte)(i * 9 - 50)).ToArray(), Quantization.PerTensor(0.08f, -3), 1, 2, 3, 2);
        var y = b.Activation(DataType.Int8, 0.05f, 2, 1, 2, 3, 4);
        b.Op(new Concatenation(Ids(x, c), Ids(y), -1, Activation.None));
        return Make("concatenation", b, x, y);
    }
}
