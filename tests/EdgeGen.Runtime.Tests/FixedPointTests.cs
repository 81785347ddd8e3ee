using EdgeGen.Numerics;
using Ref = EdgeGen.Numerics.FixedPoint;
using Xunit;

namespace EdgeGen.Runtime.Tests;

/// <summary>The runtime's fixed-point functions equal the generator's (the reference interpreter's) on edge values and many random ones.</summary>
public class FixedPointTests
{
    private static readonly int[] Edges = [int.MinValue, int.MinValue + 1, -(1 << 30), -65536, -257, -128, -2, -1, 0, 1, 2, 127, 255, 65535, 1 << 30, int.MaxValue - 1, int.MaxValue];

    private static IEnumerable<int> Values(int seed, int count)
    {
        var rng = new Random(seed);
        foreach (var e in Edges) yield return e;
        for (var i = 0; i < count; i++) yield return rng.Next(int.MinValue, int.MaxValue) >> rng.Next(0, 31);
    }

    [Fact]
    public void Srdhm_matches_reference()
    {
        foreach (var a in Values(1, 300))
            foreach (var b in Values(2, 30))
                Assert.Equal(Ref.SaturatingRoundingDoublingHighMul(a, b), Runtime.FixedPoint.Srdhm(a, b));
    }

    [Fact]
    public void Rdbpot_matches_reference_for_every_exponent()
    {
        foreach (var x in Values(3, 2000))
            for (var e = 0; e <= 31; e++)
                Assert.Equal(Ref.RoundingDivideByPOT(x, e), Runtime.FixedPoint.Rdbpot(x, e));
    }

    [Fact]
    public void Requantize_matches_reference()
    {
        var rng = new Random(4);
        foreach (var x in Values(5, 3000))
        {
            var m = QuantizedMultiplier.FromDouble(rng.NextDouble() * Math.Pow(2, rng.Next(-20, 8)));
            Assert.Equal(Ref.MultiplyByQuantizedMultiplier(x, m.Multiplier, m.Shift), Runtime.FixedPoint.Requantize(x, m.Multiplier, m.Shift));
        }
    }

    [Fact]
    public void Requantize64_matches_reference()
    {
        var rng = new Random(6);
        for (var i = 0; i < 20000; i++)
        {
            var x = rng.NextInt64(-(1L << 47), 1L << 47) >> rng.Next(0, 40);
            var m = QuantizedMultiplier.FromDouble(rng.NextDouble() * Math.Pow(2, rng.Next(-20, 2)));
            if (m.Multiplier == 0) continue;
            Assert.Equal(Ref.MultiplyByQuantizedMultiplier(x, m.Multiplier, m.Shift), Runtime.FixedPoint.Requantize64(x, m.Multiplier, m.Shift));
        }
    }

    [Fact]
    public void RequantizeFast_forms_match_reference_within_the_proven_bound()
    {
        var rng = new Random(8);
        var checkedForms = 0;
        for (var i = 0; i < 3000; i++)
        {
            var m = QuantizedMultiplier.FromDouble(rng.NextDouble() * Math.Pow(2, rng.Next(-20, 4)));
            var offset = rng.Next(-128, 128);
            var range = rng.Next(3) switch { 0 => new ActivationRange(-128, 127), 1 => new ActivationRange(offset, 127), _ => new ActivationRange(Math.Max(-128, offset - 10), Math.Min(127, offset + 50)) };
            var bound = rng.NextInt64(1, 1L << rng.Next(1, 31));
            var fast = FastRequantizer.TryCreate(m.Multiplier, m.Shift, bound, offset, range);
            if (fast is null) continue;
            checkedForms++;
            var fix = fast.SignFix ? -1 : 0;
            var accumulators = new long[] { -bound, -bound + 1, -1, 0, 1, bound - 1, bound }.Concat(Enumerable.Range(0, 40).Select(_ => rng.NextInt64(-bound, bound + 1)));
            foreach (var a in accumulators)
            {
                var acc = (int)a;
                var expected = Ref.Clamp(Ref.MultiplyByQuantizedMultiplier(acc, m.Multiplier, m.Shift) + offset, range.Min, range.Max);
                var masked = Runtime.FixedPoint.RequantizeFastMasked(acc, fast.LeftShift, fast.Multiplier, fast.Addend, fast.RightShift, fix);
                var plain = fast.SignFix
                    ? Runtime.FixedPoint.RequantizeFast(acc, fast.LeftShift, fast.Multiplier, fast.Addend, fast.RightShift)
                    : Runtime.FixedPoint.RequantizeFastNoFix(acc, fast.LeftShift, fast.Multiplier, fast.Addend, fast.RightShift);
                Assert.Equal(expected, Runtime.FixedPoint.Clamp(plain, range.Min, range.Max));
                Assert.Equal(expected, Runtime.FixedPoint.Clamp(masked, range.Min, range.Max));
                Assert.Equal(fast.Apply(acc), masked);
            }
        }
        Assert.True(checkedForms > 1000, $"only {checkedForms} random requantizations had a fast form");
    }

    [Theory]
    [InlineData(5, -3, 7, 5)]
    [InlineData(-9, -3, 7, -3)]
    [InlineData(99, -3, 7, 7)]
    public void Clamp_bounds(int x, int lo, int hi, int expected) => Assert.Equal(expected, Runtime.FixedPoint.Clamp(x, lo, hi));

    [Fact]
    public void Reciprocal_matches_reference_over_softmax_sums()
    {
        var rng = new Random(7);
        var sums = Enumerable.Range(1, 5000).Concat(Enumerable.Range(0, 20000).Select(_ => rng.Next(1, int.MaxValue))).Append(int.MaxValue);
        foreach (var sum in sums)
        {
            var expected = GemmlowpMath.GetReciprocal(sum, 12, out var expectedBits);
            Assert.Equal(expected, SoftmaxMath.Reciprocal(sum, 12, out var bits));
            Assert.Equal(expectedBits, bits);
        }
    }
}

public class ClampTests
{
    [Fact]
    public void Clamp_equals_Math_Clamp_over_the_int32_range()
    {
        int[] values = [int.MinValue, int.MinValue + 1, -70000, -32769, -32768, -129, -128, -1, 0, 1, 127, 128, 32767, 32768, int.MaxValue - 1, int.MaxValue];
        (int, int)[] ranges = [(-128, 127), (-32768, 32767), (0, 127), (-128, -128), (5, 6), (int.MinValue, int.MaxValue)];
        foreach (var (lo, hi) in ranges)
            foreach (var x in values)
                Assert.Equal(Math.Clamp(x, lo, hi), Runtime.FixedPoint.Clamp(x, lo, hi));
    }
}
