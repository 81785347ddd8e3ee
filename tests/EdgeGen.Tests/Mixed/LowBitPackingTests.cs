using EdgeGen.Ir.Ops;
using EdgeGen.Reference.Mixed;
using Xunit;

namespace EdgeGen.Tests.Mixed;

/// <summary>Properties of the low-bit storage every mixed-precision path relies on.</summary>
public class LowBitPackingTests
{
    private static readonly int[] ZeroPoints = { -128, -11, 0, 9, 127 };

    public static IEnumerable<object[]> Formats() =>
        from bits in new[] { 2, 4 }
        from shift in Enumerable.Range(0, 9)
        from codeMin in Enumerable.Range(-(1 << bits) + 1, 1 << bits)
        select new object[] { bits, shift, codeMin };

    [Theory]
    [MemberData(nameof(Formats))]
    public void Codes_fit_the_bits_zero_point_is_exact_and_order_is_kept(int bits, int shift, int codeMin)
    {
        var f = new LowBitFormat(bits, shift, codeMin);
        foreach (var zp in ZeroPoints)
        {
            Assert.Equal(zp, f.Decode(f.Encode(zp, zp), zp));
            var previous = int.MinValue;
            for (var q = -128; q < 128; q++)
            {
                var code = f.Encode(q, zp);
                Assert.InRange(code, 0, (1 << bits) - 1);
                Assert.True(code >= previous, $"{f} zp {zp}: code of {q} below the code of {q - 1}");
                previous = code;
                var back = f.Decode(code, zp);
                // Inside the codes' range a value moves by at most half a step; outside it saturates to the nearest end.
                var lo = f.Decode(0, zp);
                var hi = f.Decode((1 << bits) - 1, zp);
                if (q >= lo && q <= hi) Assert.True(Math.Abs(back - q) <= (shift == 0 ? 0 : 1 << (shift - 1)), $"{f} zp {zp}: {q} reads back as {back}");
                else Assert.Equal(q < lo ? lo : hi, back);
            }
        }
    }

    [Theory]
    [InlineData(4, 1)]
    [InlineData(4, 7)]
    [InlineData(2, 13)]
    [InlineData(2, 3)]
    public void Pack_then_unpack_reads_every_value_back_through_its_code(int bits, int count)
    {
        var f = new LowBitFormat(bits, 8 - bits, -(1 << (bits - 1)));
        var rng = new Random(bits * 100 + count);
        var values = Enumerable.Range(0, count).Select(_ => (sbyte)rng.Next(-128, 128)).ToArray();
        var packed = new byte[LowBitFormat.PackedBytes(count, bits)];
        Assert.Equal((count * bits + 7) / 8, packed.Length);
        LowBitPacking.Pack(values, packed, f, zeroPoint: 3);
        var back = new sbyte[count];
        LowBitPacking.Unpack(packed, back, f, zeroPoint: 3);
        for (var i = 0; i < count; i++) Assert.Equal(f.Decode(f.Encode(values[i], 3), 3), back[i]);
        // Unused high bits of the last byte stay zero (the packed bytes are deterministic).
        var used = count * bits % 8;
        if (used != 0) Assert.Equal(0, packed[^1] >> used);
    }

    [Fact]
    public void Four_bit_codes_go_low_nibble_first()
    {
        var f = new LowBitFormat(4, 0, -8);
        var packed = new byte[1];
        LowBitPacking.Pack(new sbyte[] { 1, 2 }, packed, f, zeroPoint: 0);
        Assert.Equal((byte)((1 + 8) | ((2 + 8) << 4)), packed[0]);
    }

    [Fact]
    public void Formats_outside_the_packed_widths_are_refused()
    {
        Assert.Throws<EdgeGenException>(() => new LowBitFormat(3, 0, 0).Check("map"));
        Assert.Throws<EdgeGenException>(() => new LowBitFormat(4, 0, 1).Check("map"));
        Assert.Throws<EdgeGenException>(() => new LowBitFormat(4, 9, 0).Check("map"));
    }
}
