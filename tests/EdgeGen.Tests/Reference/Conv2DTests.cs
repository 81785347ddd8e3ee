using EdgeGen.Ir;
using EdgeGen.Ir.Ops;
using EdgeGen.Tests.Support;
using Xunit;

namespace EdgeGen.Tests.Reference;

/// <summary>CONV_2D 16x8: TFLite Micro's kernel has no zero points, so models that give int16 tensors one are refused.</summary>
public class Conv2DTests
{
    private static Graph Conv16(long inputZp, long outputZp)
    {
        var b = new UnitGraphBuilder();
        var input = b.Activation(DataType.Int16, [1, 1, 2, 1], 1f, inputZp);
        var filter = b.Constant(DataType.Int8, [1, 1, 1, 1], new sbyte[] { 3 }, Quantization.PerTensor(1f, 0));
        var bias = b.Constant(DataType.Int64, [1], new long[] { 5 });
        var output = b.Activation(DataType.Int16, [1, 1, 2, 1], 1f, outputZp);
        return b.Op(new Conv2D([input, filter, bias], [output], new Window2D(Padding.Valid, 1, 1), Activation.None)).Build([input], [output]);
    }

    [Fact]
    public void Int16_accumulates_without_zero_points()
    {
        // 3x + 5 with unit scales (multiplier 2^30 shift 1 is the identity for the int64 form): -7 -> -16, 100 -> 305.
        Assert.Equal(new long[] { -16, 305 }, UnitGraphBuilder.Run(Conv16(0, 0), [-7, 100]));
    }

    [Fact]
    public void Int16_zero_points_are_rejected()
    {
        Assert.Throws<EdgeGenException>(() => Conv16(2, 0));
        Assert.Throws<EdgeGenException>(() => Conv16(0, -1));
    }
}
