using EdgeGen.Ir;
using EdgeGen.Ir.Ops;
using EdgeGen.Tests.Support;
using Xunit;

namespace EdgeGen.Tests.Reference;

/// <summary>LEAKY_RELU's two multipliers on a hand-checked int8 case with zero points.</summary>
public class LeakyReluTests
{
    [Fact]
    public void Int8_picks_the_multiplier_by_the_sign_of_x_minus_zero_point()
    {
        // s_in 0.5 zp 1, s_out 0.25 zp -2, alpha 0.5. Identity 0.5/0.25 = 2 -> (2^30, shift 2);
        // alpha 0.5*0.5/0.25 = 1 -> (2^30, shift 1).
        // 5: 4 -> 2*4 = 8 -> 6.   -3: -4 -> -4 -> -6.   127: 126 -> 252 -> 250 -> 127.   1: 0 -> -2.
        var b = new UnitGraphBuilder();
        var input = b.Activation(DataType.Int8, [4], 0.5f, 1);
        var output = b.Activation(DataType.Int8, [4], 0.25f, -2);
        var g = b.Op(new LeakyRelu([input], [output], 0.5f)).Build([input], [output]);
        Assert.Equal(new long[] { 6, -6, 127, -2 }, UnitGraphBuilder.Run(g, [5, -3, 127, 1]));
    }
}
