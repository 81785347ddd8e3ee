using EdgeGen.Ir;
using EdgeGen.Ir.Ops;
using EdgeGen.Tests.Support;
using Xunit;

namespace EdgeGen.Tests.Reference;

/// <summary>PAD without a constant operand fills as TFLite Micro does: int8 with the output zero point, int16 with 0.</summary>
public class PadTests
{
    private static long[] PadOneEachSide(DataType type, long zeroPoint, long[] values)
    {
        var b = new UnitGraphBuilder();
        var input = b.Activation(type, [values.Length], 1f, zeroPoint);
        var paddings = b.Constant(DataType.Int32, [1, 2], new[] { 1, 1 });
        var output = b.Activation(type, [values.Length + 2], 1f, zeroPoint);
        return UnitGraphBuilder.Run(b.Op(new Pad([input, paddings], [output])).Build([input], [output]), values);
    }

    [Fact]
    public void Int8_pads_with_the_output_zero_point() =>
        Assert.Equal(new long[] { -3, 5, -7, -3 }, PadOneEachSide(DataType.Int8, -3, [5, -7]));

    [Fact]
    public void Int16_pads_with_zero_whatever_the_zero_point() =>
        Assert.Equal(new long[] { 0, 500, -700, 0 }, PadOneEachSide(DataType.Int16, 7, [500, -700]));
}
