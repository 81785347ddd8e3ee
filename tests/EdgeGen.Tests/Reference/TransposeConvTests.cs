using EdgeGen.Ir;
using EdgeGen.Ir.Ops;
using EdgeGen.Tests.Support;
using Xunit;

namespace EdgeGen.Tests.Reference;

/// <summary>
/// TRANSPOSE_CONV as TFLite Micro's reference kernels compute it, on hand-checked cases. With all
/// scales 1.0 the multiplier is 2^30 with shift 1, which both MultiplyByQuantizedMultiplier forms
/// turn into the identity, so the expected values are the scattered sums plus bias (and offsets).
/// </summary>
public class TransposeConvTests
{
    private static Graph Build(DataType type, long inputZp, long outputZp, int[] inShape, sbyte[] filter, int[] filterShape,
        int[] outShape, Window2D window, Func<UnitGraphBuilder, int>? bias = null, Activation activation = Activation.None)
    {
        var b = new UnitGraphBuilder();
        var outputShape = b.Constant(DataType.Int32, [4], outShape);
        var f = b.Constant(DataType.Int8, filterShape, filter, Quantization.PerTensor(1f, 0));
        var input = b.Activation(type, inShape, 1f, inputZp);
        var inputs = bias is null ? new[] { outputShape, f, input } : [outputShape, f, input, bias(b)];
        var output = b.Activation(type, outShape, 1f, outputZp);
        return b.Op(new TransposeConv([.. inputs], [output], window, activation)).Build([input], [output]);
    }

    private static readonly Window2D ValidStride1 = new(Padding.Valid, 1, 1);

    [Fact]
    public void Int8_scatters_with_input_offset_then_adds_bias_and_output_zero_point()
    {
        // x - zp = 2, 4; filter 1, 2 (stride 1): scratch [2*1, 2*2 + 4*1, 4*2] = [2, 8, 8];
        // + bias 10 -> [12, 18, 18]; + output zero point -1 -> [11, 17, 17].
        var g = Build(DataType.Int8, 1, -1, [1, 1, 2, 1], [1, 2], [1, 1, 2, 1], [1, 1, 3, 1], ValidStride1,
            b => b.Constant(DataType.Int32, [1], new[] { 10 }));
        Assert.Equal(new long[] { 11, 17, 17 }, UnitGraphBuilder.Run(g, [3, 5]));
    }

    [Fact]
    public void Int16_takes_an_int16_bias_widened_to_int64()
    {
        // x = 2, 4 (no zero points in 16x8): [2, 8, 8] + 10 -> [12, 18, 18].
        var g = Build(DataType.Int16, 0, 0, [1, 1, 2, 1], [1, 2], [1, 1, 2, 1], [1, 1, 3, 1], ValidStride1,
            b => b.Constant(DataType.Int16, [1], new short[] { 10 }));
        Assert.Equal(new long[] { 12, 18, 18 }, UnitGraphBuilder.Run(g, [2, 4]));
    }

    [Fact]
    public void Same_padding_shifts_the_scatter_origin()
    {
        // Output width 4, filter 4, stride 2, SAME: the conv over the output pads (1*2 + 4 - 4) / 2 = 1 before.
        // Pixel 0 (x = 1) starts at -1: outputs 0..2 get 2, 3, 4. Pixel 1 (x = 10) starts at 1:
        // outputs 1..3 get 10, 20, 30. Sums: [2, 13, 24, 30]; no bias.
        var g = Build(DataType.Int16, 0, 0, [1, 1, 2, 1], [1, 2, 3, 4], [1, 1, 4, 1], [1, 1, 4, 1], new Window2D(Padding.Same, 1, 2));
        Assert.Equal(new long[] { 2, 13, 24, 30 }, UnitGraphBuilder.Run(g, [1, 10]));
    }

    [Fact]
    public void Int16_zero_points_and_fused_activations_are_rejected()
    {
        Assert.Throws<EdgeGenException>(() => Build(DataType.Int16, 3, 0, [1, 1, 2, 1], [1, 2], [1, 1, 2, 1], [1, 1, 3, 1], ValidStride1));
        Assert.Throws<EdgeGenException>(() => Build(DataType.Int8, 0, 0, [1, 1, 2, 1], [1, 2], [1, 1, 2, 1], [1, 1, 3, 1], ValidStride1, activation: Activation.Relu));
    }
}
