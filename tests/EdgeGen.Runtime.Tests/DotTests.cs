using Xunit;

namespace EdgeGen.Runtime.Tests;

/// <summary>
/// The SIMD int8 dot product equals the scalar definition for every length around the vector
/// widths, every allowed offset, and the extreme operands where 16-bit terms come closest to overflow.
/// </summary>
public unsafe class DotTests
{
    [Fact]
    public void Vector_path_is_hardware_accelerated_here() => Assert.True(System.Runtime.Intrinsics.Vector128.IsHardwareAccelerated);

    [Fact]
    public void Simd_matches_scalar_on_random_data()
    {
        var rng = new Random(11);
        var x = new sbyte[300];
        var w = new sbyte[300];
        for (var n = 0; n <= 300; n += n < 40 ? 1 : 13)
        {
            rng.NextBytes(System.Runtime.InteropServices.MemoryMarshal.AsBytes(x.AsSpan()));
            rng.NextBytes(System.Runtime.InteropServices.MemoryMarshal.AsBytes(w.AsSpan()));
            foreach (var offset in new[] { -128, -127, -1, 0, 1, 37, 127, 128 })
                fixed (sbyte* px = x, pw = w)
                    Assert.Equal(Dot.Int8Scalar(px, pw, n, offset), Dot.Int8(px, pw, n, offset));
        }
    }

    [Theory]
    [InlineData(-128, -128, 128)]
    [InlineData(127, -128, 128)]
    [InlineData(127, 127, 128)]
    [InlineData(-128, 127, -127)]
    [InlineData(-128, -128, -127)]
    public void Extreme_operands_do_not_overflow_the_16_bit_terms(int xv, int wv, int offset)
    {
        var x = Enumerable.Repeat((sbyte)xv, 200).ToArray();
        var w = Enumerable.Repeat((sbyte)wv, 200).ToArray();
        fixed (sbyte* px = x, pw = w)
            for (var n = 0; n <= 200; n++)
            {
                Assert.Equal(n * (xv + offset) * wv, Dot.Int8(px, pw, n, offset));
                Assert.Equal(Dot.Int8Scalar(px, pw, n, offset), Dot.Int8(px, pw, n, offset));
            }
    }
}
