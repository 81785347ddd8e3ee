using EdgeGen.Ir;
using EdgeGen.Ir.Ops;
using static EdgeGen.Tests.Support.TestGraphBuilder;
using Case = EdgeGen.Tests.Support.OperatorGraphs.Case;

namespace EdgeGen.Tests.Support;

/// <summary>
/// Hand-built CONV_2D, DEPTHWISE_CONV_2D and FULLY_CONNECTED graphs that drive every path of the
/// NEON kernels: odd channel counts (partial channel blocks and pixel tiles), padding, stride 2,
/// dilation, depth multipliers above one, per-tensor and per-channel quantization, left shifts and
/// channels without a right shift, weights of -128, K not a multiple of 4, 16 or the tile.
/// </summary>
public static class NeonKernelGraphs
{
    public static IEnumerable<object[]> Names() => All().Select(c => new object[] { c.Name });

    public static Case Get(string name) => All().Single(c => c.Name == name);

    public static IEnumerable<Case> All()
    {
        // name, seed, input NHWC, cout, filter HxW, window, per-channel, activation, output scale/zero point, -128 weights
        yield return Conv("conv_3x3_same_s2_cin3", 41, new[] { 1, 9, 11, 3 }, 5, 3, 3, new Window2D(Padding.Same, 2, 2), true, Activation.Relu);
        yield return Conv("conv_3x3_same_cin16_cout19_batch2", 42, new[] { 2, 6, 7, 16 }, 19, 3, 3, new Window2D(Padding.Same, 1, 1), false, Activation.Relu6);
        yield return Conv("conv_1x1_s2_cin8_minus128", 43, new[] { 1, 7, 9, 8 }, 13, 1, 1, new Window2D(Padding.Same, 2, 2), true, Activation.None, minus128: true);
        yield return Conv("conv_1x1_cin64_cout24", 44, new[] { 1, 5, 5, 64 }, 24, 1, 1, new Window2D(Padding.Valid, 1, 1), true, Activation.None);
        yield return Conv("conv_1x1_cin5_im2col", 45, new[] { 1, 4, 6, 5 }, 7, 1, 1, new Window2D(Padding.Valid, 1, 1), true, Activation.Relu);
        yield return Conv("conv_3x3_dilation2_valid", 46, new[] { 1, 9, 10, 4 }, 6, 3, 3, new Window2D(Padding.Valid, 1, 1, 2, 2), true, Activation.None);
        yield return Conv("conv_10x4_s2_cin1", 47, new[] { 1, 19, 10, 1 }, 16, 10, 4, new Window2D(Padding.Same, 2, 2), true, Activation.Relu);
        yield return Conv("conv_3x3_cin7_left_shift", 48, new[] { 1, 5, 6, 7 }, 9, 3, 3, new Window2D(Padding.Same, 1, 1), true, Activation.None, outScale: 0.00005f);
        yield return Conv("conv_2x2_mixed_shifts_minus128", 49, new[] { 1, 6, 5, 12 }, 11, 2, 2, new Window2D(Padding.Same, 2, 1), true, Activation.None, outScale: 0.0006f, minus128: true);
        yield return Conv("conv_1x1_one_pixel", 56, new[] { 1, 1, 1, 32 }, 3, 1, 1, new Window2D(Padding.Valid, 1, 1), false, Activation.None);
        // name, seed, input NHWC, depth multiplier, filter HxW, window, per-channel, activation, -128 weights
        yield return Depthwise("dw_3x3_same_c16", 61, new[] { 1, 7, 6, 16 }, 1, 3, 3, new Window2D(Padding.Same, 1, 1), true, Activation.Relu6);
        yield return Depthwise("dw_3x3_same_s2_c24_batch2", 62, new[] { 2, 9, 8, 24 }, 1, 3, 3, new Window2D(Padding.Same, 2, 2), false, Activation.Relu);
        yield return Depthwise("dw_3x3_valid_c32_direct", 63, new[] { 1, 6, 7, 32 }, 1, 3, 3, new Window2D(Padding.Valid, 1, 1), true, Activation.None);
        yield return Depthwise("dw_3x3_multiplier2_c3", 64, new[] { 1, 6, 5, 3 }, 2, 3, 3, new Window2D(Padding.Same, 1, 1), true, Activation.Relu6);
        yield return Depthwise("dw_5x3_multiplier3_c5_s2", 65, new[] { 1, 9, 7, 5 }, 3, 5, 3, new Window2D(Padding.Same, 2, 2), false, Activation.None);
        yield return Depthwise("dw_3x3_c13_dilation2_minus128", 66, new[] { 1, 8, 9, 13 }, 1, 3, 3, new Window2D(Padding.Same, 1, 1, 2, 2), true, Activation.None, minus128: true);
        yield return Depthwise("dw_10x8_cin1_multiplier8_s2", 67, new[] { 1, 19, 16, 1 }, 8, 10, 8, new Window2D(Padding.Same, 2, 2), true, Activation.Relu);
        yield return Depthwise("dw_4x4_c8_many_taps", 68, new[] { 1, 6, 6, 8 }, 1, 4, 4, new Window2D(Padding.Same, 1, 1), true, Activation.None);
        // stride and dilation 1 in height on sdot: pairs of output rows share one strip (an odd last row, batches, chunks of 16 then 8)
        yield return Depthwise("dw_5x3_c40_batch2_dilation_w2_row_pairs", 70, new[] { 2, 9, 10, 40 }, 1, 5, 3, new Window2D(Padding.Same, 1, 1, 1, 2), true, Activation.Relu);
        yield return Depthwise("dw_3x3_c8_even_rows_row_pairs", 72, new[] { 1, 8, 7, 8 }, 1, 3, 3, new Window2D(Padding.Same, 1, 1), true, Activation.Relu6);
        yield return Depthwise("dw_2x3_c16_valid_row_pairs", 71, new[] { 1, 6, 7, 16 }, 1, 2, 3, new Window2D(Padding.Valid, 1, 1), false, Activation.None);
        // a tiny output scale: effective multipliers above 1 (left shifts, so not every lane shifts right) and saturated outputs
        yield return Depthwise("dw_3x3_s2_c40_left_shift_saturating", 69, new[] { 1, 9, 10, 40 }, 1, 3, 3, new Window2D(Padding.Same, 2, 2), true, Activation.Relu6, outScale: 0.0004f);
        yield return Binary("add_same_shape_37", 71, false, Activation.None, 1, 37);
        yield return Binary("add_relu_4x5x16", 72, false, Activation.Relu, 1, 4, 5, 16);
        yield return Binary("sub_relu6_3x3x8", 73, true, Activation.Relu6, 1, 3, 3, 8);
        yield return AveragePool("avgpool_global_25x5x64", 74, new[] { 1, 25, 5, 64 }, 25, 5, new Window2D(Padding.Valid, 1, 1));
        yield return AveragePool("avgpool_3x3_same_s2_c16", 75, new[] { 2, 7, 6, 16 }, 3, 3, new Window2D(Padding.Same, 2, 2));
        yield return FullyConnected("fc_depth13_units7_batch2", 51, 2, 13, 7, perChannel: false, Activation.None);
        yield return FullyConnected("fc_depth64_units33_per_channel", 52, 1, 64, 33, perChannel: true, Activation.Relu);
        yield return FullyConnected("fc_depth100_units10_minus128", 53, 1, 100, 10, perChannel: true, Activation.None, minus128: true);
        // Every input -128 and many weights -128: two such products summed in int16 would wrap (wide output scales keep the error visible).
        yield return FullyConnected("fc_minus128_products", 54, 1, 96, 8, perChannel: true, Activation.None, minus128: true, fill: 0x80, outScale: 8f);
        yield return Conv("conv_1x1_minus128_products", 55, new[] { 1, 3, 3, 32 }, 8, 1, 1, new Window2D(Padding.Valid, 1, 1), true, Activation.None,
            outScale: 2f, minus128: true, fill: 0x80);
    }

    private static Case Conv(string name, int seed, int[] input, int cout, int kh, int kw, Window2D window, bool perChannel,
        Activation activation, float outScale = 0.08f, int outZeroPoint = 4, bool minus128 = false, byte? fill = null)
    {
        var b = new TestGraphBuilder(seed);
        var x = b.Input(DataType.Int8, 0.05f, -3, input);
        var w = b.Weights(new[] { cout, kh, kw, input[3] }, axis: 0, perChannel, someMinus128: minus128);
        var bias = b.Bias(cout);
        var y = b.Activation(DataType.Int8, outScale, outZeroPoint, input[0], window.OutputH(input[1], kh), window.OutputW(input[2], kw), cout);
        b.Op(new Conv2D(Ids(x, w, bias), Ids(y), window, activation));
        return new Case(name, b.Build(name, y), Input(b, x, fill));
    }

    private static Case Depthwise(string name, int seed, int[] input, int multiplier, int kh, int kw, Window2D window, bool perChannel,
        Activation activation, bool minus128 = false, float outScale = 0.06f)
    {
        var b = new TestGraphBuilder(seed);
        var cout = input[3] * multiplier;
        var x = b.Input(DataType.Int8, 0.04f, 5, input);
        var w = b.Weights(new[] { 1, kh, kw, cout }, axis: 3, perChannel, someMinus128: minus128);
        var bias = b.Bias(cout);
        var y = b.Activation(DataType.Int8, outScale, -7, input[0], window.OutputH(input[1], kh), window.OutputW(input[2], kw), cout);
        b.Op(new DepthwiseConv2D(Ids(x, w, bias), Ids(y), window, multiplier, activation));
        return new Case(name, b.Build(name, y), b.RandomInput(x));
    }

    private static Case Binary(string name, int seed, bool subtract, Activation activation, params int[] shape)
    {
        var b = new TestGraphBuilder(seed);
        var x = b.Input(DataType.Int8, 0.05f, 3, shape);
        var other = new byte[shape.Aggregate(1, (p, d) => p * d)];
        new Random(seed).NextBytes(other);
        var z = b.Constant(DataType.Int8, other, Quantization.PerTensor(0.07f, -9), shape);
        var y = b.Activation(DataType.Int8, 0.09f, -4, shape);
        b.Op(subtract ? new Sub(Ids(x, z), Ids(y), activation) : new Add(Ids(x, z), Ids(y), activation));
        return new Case(name, b.Build(name, y), b.RandomInput(x));
    }

    private static Case AveragePool(string name, int seed, int[] input, int kh, int kw, Window2D window)
    {
        var b = new TestGraphBuilder(seed);
        var x = b.Input(DataType.Int8, 0.05f, -3, input);
        var y = b.Activation(DataType.Int8, 0.05f, -3, input[0], window.OutputH(input[1], kh), window.OutputW(input[2], kw), input[3]);
        b.Op(new AveragePool2D(Ids(x), Ids(y), window, kh, kw, Activation.Relu));
        return new Case(name, b.Build(name, y), b.RandomInput(x));
    }

    private static Case FullyConnected(string name, int seed, int batches, int depth, int units, bool perChannel, Activation activation,
        bool minus128 = false, byte? fill = null, float outScale = 0.15f)
    {
        var b = new TestGraphBuilder(seed);
        var x = b.Input(DataType.Int8, 0.1f, 12, batches, depth);
        var w = b.Weights(new[] { units, depth }, axis: 0, perChannel, someMinus128: minus128);
        var bias = b.Bias(units);
        var y = b.Activation(DataType.Int8, outScale, -2, batches, units);
        b.Op(new FullyConnected(Ids(x, w, bias), Ids(y), activation, false));
        return new Case(name, b.Build(name, y), Input(b, x, fill));
    }

    /// <summary>A seeded random input, or every byte set to <paramref name="fill"/>.</summary>
    private static byte[] Input(TestGraphBuilder b, int tensor, byte? fill)
    {
        var bytes = b.RandomInput(tensor);
        if (fill is { } f) Array.Fill(bytes, f);
        return bytes;
    }
}
