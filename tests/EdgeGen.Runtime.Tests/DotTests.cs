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

    [Fact]
    public void Steps_and_blocks_sum_like_scalar()
    {
        var rng = new Random(12);
        var x = new sbyte[160];
        var w = new sbyte[160];
        for (var round = 0; round < 40; round++)
        {
            rng.NextBytes(System.Runtime.InteropServices.MemoryMarshal.AsBytes(x.AsSpan()));
            rng.NextBytes(System.Runtime.InteropServices.MemoryMarshal.AsBytes(w.AsSpan()));
            var offset = rng.Next(-128, 129);
            var o = System.Runtime.Intrinsics.Vector128.Create((short)offset);
            fixed (sbyte* px = x, pw = w)
            {
                Assert.Equal(Dot.Int8Scalar(px, pw, 16, offset), System.Runtime.Intrinsics.Vector128.Sum(Dot.Step16(px, pw, o)));
                Assert.Equal(Dot.Int8Scalar(px + 3, pw + 5, 8, offset), System.Runtime.Intrinsics.Vector128.Sum(Dot.Step8(px + 3, pw + 5, o)));
                Assert.Equal(Dot.Int8Scalar(px, pw, 160, offset), System.Runtime.Intrinsics.Vector128.Sum(Dot.Blocks16(px, pw, 10, o)));
            }
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

/// <summary>The depthwise helpers accumulate, per channel lane, exactly what the scalar definition does.</summary>
public unsafe class DepthwiseStepTests
{
    private static (sbyte[] X, sbyte[] W) Random16(int seed)
    {
        var rng = new Random(seed);
        var x = new sbyte[16];
        var w = new sbyte[16];
        rng.NextBytes(System.Runtime.InteropServices.MemoryMarshal.AsBytes(x.AsSpan()));
        rng.NextBytes(System.Runtime.InteropServices.MemoryMarshal.AsBytes(w.AsSpan()));
        x[0] = -128; w[0] = -128; x[1] = 127; w[1] = -128;
        return (x, w);
    }

    private static int[] Lanes(params System.Runtime.Intrinsics.Vector128<int>[] vectors) => vectors.SelectMany(v => new[] { v[0], v[1], v[2], v[3] }).ToArray();

    [Theory]
    [InlineData(-127)]
    [InlineData(0)]
    [InlineData(128)]
    public void MultiplyAdd16_and_8_add_each_channel_term(int offset)
    {
        for (var seed = 0; seed < 50; seed++)
        {
            var (x, w) = Random16(seed);
            var start = Enumerable.Range(0, 16).Select(i => i * 1000 - 7000).ToArray();
            var a = Enumerable.Range(0, 4).Select(q => System.Runtime.Intrinsics.Vector128.Create(start[4 * q], start[4 * q + 1], start[4 * q + 2], start[4 * q + 3])).ToArray();
            var o = System.Runtime.Intrinsics.Vector128.Create((short)offset);
            fixed (sbyte* px = x, pw = w)
            {
                Dot.MultiplyAdd16(px, pw, o, ref a[0], ref a[1], ref a[2], ref a[3]);
                Assert.Equal(Enumerable.Range(0, 16).Select(c => start[c] + (x[c] + offset) * w[c]), Lanes(a));
                var b0 = System.Runtime.Intrinsics.Vector128<int>.Zero;
                var b1 = System.Runtime.Intrinsics.Vector128<int>.Zero;
                Dot.MultiplyAdd8(px, pw, o, ref b0, ref b1);
                Assert.Equal(Enumerable.Range(0, 8).Select(c => (x[c] + offset) * w[c]), Lanes(b0, b1));
            }
        }
    }

    [Theory]
    [InlineData(-255)]
    [InlineData(-1)]
    [InlineData(255)]
    public void MultiplyAddBroadcast8_multiplies_one_value_by_8_weights(int value)
    {
        var (_, w) = Random16(value & 0xFF);
        var b0 = System.Runtime.Intrinsics.Vector128<int>.Zero;
        var b1 = System.Runtime.Intrinsics.Vector128<int>.Zero;
        fixed (sbyte* pw = w) Dot.MultiplyAddBroadcast8(value, pw, ref b0, ref b1);
        Assert.Equal(Enumerable.Range(0, 8).Select(c => value * w[c]), Lanes(b0, b1));
    }
}
