using EdgeGen.Ir;
using EdgeGen.Ir.Ops;
using EdgeGen.Ptq;
using EdgeGen.Tests.Support;
using Xunit;

namespace EdgeGen.Tests.Reference;

/// <summary>
/// The float reference kernels the float models in ../shared/models/float use, on cases small
/// enough to compute by hand: CONV_2D (float and hybrid), DEPTHWISE_CONV_2D, FULLY_CONNECTED,
/// AVERAGE_POOL_2D, SOFTMAX, ADD, RESHAPE.
/// </summary>
public class FloatKernelTests
{
    private static float[] Run(Graph g, params float[] input) => ModelRunner.Run(g, input);

    private static void Near(float[] expected, float[] actual, float tolerance = 1e-6f)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (var i = 0; i < expected.Length; i++)
            Assert.True(Math.Abs(expected[i] - actual[i]) <= tolerance, $"element {i}: expected {expected[i]}, got {actual[i]}");
    }

    private static Graph Single(UnitGraphBuilder b, Operator op) => b.Op(op).Build([op.Inputs[0]], [op.Output]);

    [Fact]
    public void Conv2D_float_with_bias_and_relu()
    {
        var b = new UnitGraphBuilder();
        var x = b.Activation(DataType.Float32, [1, 2, 3, 1]);
        var w = b.Constant(DataType.Float32, [2, 1, 2, 1], new[] { 1f, -1f, 0.5f, 2f });
        var bias = b.Constant(DataType.Float32, [2], new[] { 0.25f, -1f });
        var y = b.Activation(DataType.Float32, [1, 2, 2, 2]);
        var g = Single(b, new Conv2D([x, w, bias], [y], new Window2D(Padding.Valid, 1, 1), Activation.Relu));
        // Channel 0 is x0 - x1 + 0.25 = -0.75 everywhere (cut by RELU); channel 1 is 0.5 x0 + 2 x1 - 1.
        Near([0, 3.5f, 0, 6, 0, 11, 0, 13.5f], Run(g, 1, 2, 3, 4, 5, 6));
    }

    private static Graph HybridConv()
    {
        var b = new UnitGraphBuilder();
        var x = b.Activation(DataType.Float32, [1, 1, 3, 1]);
        var w = b.Constant(DataType.Int8, [1, 1, 2, 1], new sbyte[] { 10, -20 }, Quantization.PerTensor(0.01f, 0));
        var bias = b.Constant(DataType.Float32, [1], new[] { 0.1f });
        var y = b.Activation(DataType.Float32, [1, 1, 2, 1]);
        return Single(b, new Conv2D([x, w, bias], [y], new Window2D(Padding.Valid, 1, 1), Activation.None));
    }

    [Fact]
    public void Hybrid_conv2d_quantizes_its_input_on_the_fly()
    {
        // max|x| = 1.27, so the input scale is 0.01 and x becomes [50 (0.504 rounded), -127, 30];
        // the dot products 3040 and -1870 are scaled by 0.01 * 0.01 and the bias 0.1 is added.
        // A float convolution with the dequantized weights would give 0.4044 for the first output.
        Near([0.404f, -0.087f], Run(HybridConv(), 0.504f, -1.27f, 0.3f));
        // An all-zero input gives the bias.
        Near([0.1f, 0.1f], Run(HybridConv(), 0, 0, 0));
    }

    [Fact]
    public void Hybrid_conv2d_with_per_channel_scales_is_refused()
    {
        var b = new UnitGraphBuilder();
        var x = b.Activation(DataType.Float32, [1, 1, 1, 1]);
        var w = b.Constant(DataType.Int8, [2, 1, 1, 1], new sbyte[] { 1, 2 }, Calibration.PerAxis([0.1f, 0.2f], 0));
        var y = b.Activation(DataType.Float32, [1, 1, 1, 2]);
        var e = Assert.Throws<EdgeGenException>(() => Single(b, new Conv2D([x, w], [y], new Window2D(Padding.Valid, 1, 1), Activation.None)));
        Assert.Contains("per-channel", e.Message);
    }

    [Fact]
    public void DepthwiseConv2D_float_with_multiplier_two_and_relu6()
    {
        var b = new UnitGraphBuilder();
        var x = b.Activation(DataType.Float32, [1, 1, 2, 2]);
        var w = b.Constant(DataType.Float32, [1, 1, 2, 4], new[] { 1f, 2, 3, 4, -1, 0, 1, 2 });
        var bias = b.Constant(DataType.Float32, [4], new[] { 1f, 1, 1, 1 });
        var y = b.Activation(DataType.Float32, [1, 1, 1, 4]);
        var g = Single(b, new DepthwiseConv2D([x, w, bias], [y], new Window2D(Padding.Valid, 1, 1), 2, Activation.Relu6));
        // Output channel c reads input channel c / 2: [1*1 - 3, 1*2, 2*3 + 4, 2*4 + 4*2] + 1 = [-1, 3, 11, 17], clamped to [0, 6].
        Near([0, 3, 6, 6], Run(g, 1, 2, 3, 4));
    }

    [Fact]
    public void FullyConnected_float()
    {
        var b = new UnitGraphBuilder();
        var x = b.Activation(DataType.Float32, [1, 3]);
        var w = b.Constant(DataType.Float32, [2, 3], new[] { 1f, 0, -1, 0.5f, 0.5f, 0.5f });
        var bias = b.Constant(DataType.Float32, [2], new[] { 0f, -1 });
        var y = b.Activation(DataType.Float32, [1, 2]);
        var g = Single(b, new FullyConnected([x, w, bias], [y], Activation.None, KeepNumDims: false));
        Near([-2, 2], Run(g, 1, 2, 3));
    }

    [Fact]
    public void AveragePool2D_float_counts_only_valid_elements()
    {
        var b = new UnitGraphBuilder();
        var x = b.Activation(DataType.Float32, [1, 1, 3, 1]);
        var y = b.Activation(DataType.Float32, [1, 1, 2, 1]);
        var g = Single(b, new AveragePool2D([x], [y], new Window2D(Padding.Same, 2, 2), 1, 2, Activation.None));
        // SAME pads one column on the right: the second window holds only the 4.
        Near([1.5f, 4], Run(g, 1, 2, 4));
    }

    [Fact]
    public void Softmax_float()
    {
        var b = new UnitGraphBuilder();
        var x = b.Activation(DataType.Float32, [1, 2]);
        var y = b.Activation(DataType.Float32, [1, 2]);
        var g = Single(b, new Softmax([x], [y], 1f));
        Near([0.25f, 0.75f], Run(g, 0, MathF.Log(3)));
    }

    [Fact]
    public void Add_float_broadcasts_with_relu()
    {
        var b = new UnitGraphBuilder();
        var x = b.Activation(DataType.Float32, [1, 3]);
        var c = b.Constant(DataType.Float32, [1], new[] { -2f });
        var y = b.Activation(DataType.Float32, [1, 3]);
        var g = b.Op(new Add([x, c], [y], Activation.Relu, PotScaleInt16: true)).Build([x], [y]);
        Near([0, 0.5f, 8], Run(g, 1, 2.5f, 10));
    }

    [Fact]
    public void Reshape_float_keeps_the_values()
    {
        var b = new UnitGraphBuilder();
        var x = b.Activation(DataType.Float32, [1, 1, 1, 3]);
        var shape = b.Constant(DataType.Int32, [2], new[] { 1, 3 });
        var y = b.Activation(DataType.Float32, [1, 3]);
        var g = b.Op(new Reshape([x, shape], [y])).Build([x], [y]);
        Near([1, -2, 3.5f], Run(g, 1, -2, 3.5f));
    }
}
