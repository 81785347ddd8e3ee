using EdgeGen.Numerics;
using Xunit;

namespace EdgeGen.Tests.Numerics;

/// <summary>The fast requantization equals TFLite's MultiplyByQuantizedMultiplier + zero point + clamp wherever the generator may use it.</summary>
public class FastRequantizerTests
{
    private static readonly ActivationRange Full = new(-128, 127);

    private static int Reference(int acc, int m, int shift, int zp, ActivationRange range) =>
        FixedPoint.Clamp(unchecked(FixedPoint.MultiplyByQuantizedMultiplier(acc, m, shift) + zp), range.Min, range.Max);

    private static void AssertSame(int acc, int m, int shift, int zp, ActivationRange range, long bound)
    {
        var fast = FastRequantizer.TryCreate(m, shift, bound, zp, range);
        Assert.NotNull(fast);
        var expected = Reference(acc, m, shift, zp, range);
        var actual = FixedPoint.Clamp(fast!.Apply(acc), range.Min, range.Max);
        Assert.True(expected == actual, $"acc {acc} M {m} shift {shift} zp {zp} range {range}: reference {expected}, fast {actual}");
        if (fast.SignFix || fast.RightShift == 0)
            Assert.Equal(unchecked(FixedPoint.MultiplyByQuantizedMultiplier(acc, m, shift) + zp), fast.Apply(acc));
    }

    public static IEnumerable<object[]> EdgeMultipliers() => new[]
    {
        new object[] { 1 << 30, -1 }, new object[] { 1 << 30, -7 }, new object[] { int.MaxValue, -1 }, new object[] { int.MaxValue, -22 },
        new object[] { 1 << 30, 0 }, new object[] { 1518500250, 0 }, new object[] { 1 << 30, 3 }, new object[] { 2147418112, 2 },
        new object[] { 1431655765, -9 }, new object[] { 0, 0 },
    };

    [Theory]
    [MemberData(nameof(EdgeMultipliers))]
    public void Edge_accumulators_match(int m, int shift)
    {
        var left = Math.Max(shift, 0);
        var bound = (1L << (30 - left)) - 1;
        var right = Math.Max(-shift, 0);
        var accs = new List<long> { 0, 1, -1, 2, -2, bound, -bound, bound - 1, -bound + 1 };
        // Accumulators whose product lands on or next to a rounding boundary of either rounding step.
        for (var k = -4; k <= 4; k++)
        {
            var half = right > 0 ? 1L << (right - 1) : 0;
            foreach (var target in new[] { half, -half, (3 * half), -(3 * half), (1L << right) * k + half })
                if (m != 0)
                {
                    var acc = (long)Math.Round(((double)target * (1L << 31) - (1L << 30)) / ((double)m * (1L << left)));
                    for (var d = -2; d <= 2; d++) accs.Add(acc + d);
                }
        }
        foreach (var zp in new[] { -128, -1, 0, 5, 127 })
            foreach (var range in new[] { Full, new ActivationRange(zp, 127), new ActivationRange(Math.Max(-128, zp), Math.Min(127, zp + 20)) })
                foreach (var acc in accs.Where(a => Math.Abs(a) <= bound))
                    AssertSame((int)acc, m, shift, zp, range, bound);
    }

    [Fact]
    public void Random_values_match()
    {
        var rng = new Random(20260101);
        for (var i = 0; i < 400_000; i++)
        {
            var shift = rng.Next(-FastRequantizer.MaxRightShift, 6);
            var m = rng.Next(3) == 0 ? 1 << 30 : rng.Next(1 << 30, int.MaxValue);
            var bound = (1L << (30 - Math.Max(shift, 0))) - 1;
            var scale = rng.Next(0, 31);
            var acc = (int)Math.Clamp(rng.NextInt64(-bound, bound + 1) >> scale, -bound, bound);
            var zp = rng.Next(-128, 128);
            var range = rng.Next(3) switch
            {
                0 => Full,
                1 => new ActivationRange(zp, 127),
                _ => new ActivationRange(Math.Max(-128, zp - rng.Next(0, 60)), Math.Min(127, zp + rng.Next(0, 60))),
            };
            AssertSame(acc, m, shift, zp, range, bound);
        }
    }

    [Fact]
    public void Unproven_cases_are_refused()
    {
        Assert.Null(FastRequantizer.TryCreate(1 << 30, -1, 1L << 30, 0, Full));
        Assert.Null(FastRequantizer.TryCreate(1 << 30, 2, 1L << 28, 0, Full));
        Assert.Null(FastRequantizer.TryCreate(1 << 30, -(FastRequantizer.MaxRightShift + 1), 100, 0, Full));
        Assert.NotNull(FastRequantizer.TryCreate(1 << 30, 2, (1L << 28) - 1, 0, Full));
    }

    [Fact]
    public void Sign_fix_is_dropped_only_when_the_clamp_hides_it()
    {
        Assert.False(FastRequantizer.TryCreate(1 << 30, -4, 1000, -128, new ActivationRange(-128, 127))!.SignFix);
        Assert.True(FastRequantizer.TryCreate(1 << 30, -4, 1000, -5, new ActivationRange(-128, 127))!.SignFix);
        Assert.False(FastRequantizer.TryCreate(1 << 30, 0, 1000, -5, new ActivationRange(-128, 127))!.SignFix);
    }

    [Fact]
    public void Accumulator_bound_covers_the_worst_input()
    {
        Assert.Equal(10 + (3 + 4) * 255, FastRequantizer.AccumulatorBound(new sbyte[] { 3, -4 }, -10, 128));
        Assert.Equal((3 + 4) * 128, FastRequantizer.AccumulatorBound(new sbyte[] { 3, -4 }, 0, 0));
    }
}

/// <summary>The C twin in runtime/c/edgegen_fixedpoint.h computes what the C# formulation does (host gcc; QEMU model tests cover the SMMLAR instruction).</summary>
public class FastRequantizerCTests
{
    [Fact]
    public void C_twin_matches_the_reference_on_random_values()
    {
        var rng = new Random(7);
        var rows = new System.Text.StringBuilder();
        var count = 0;
        while (count < 20_000)
        {
            var shift = rng.Next(-FastRequantizer.MaxRightShift, 4);
            var m = rng.Next(4) == 0 ? 1 << 30 : rng.Next(1 << 30, int.MaxValue);
            var bound = (1L << (30 - Math.Max(shift, 0))) - 1;
            var acc = (int)(rng.NextInt64(-bound, bound + 1) >> rng.Next(0, 31));
            var zp = rng.Next(-128, 128);
            var fast = FastRequantizer.TryCreate(m, shift, bound, zp, new ActivationRange(-128, 127))!;
            var expected = unchecked(FixedPoint.MultiplyByQuantizedMultiplier(acc, m, shift) + zp);
            rows.Append($"    {{ {acc}, {1 << fast.LeftShift}, {m}, {fast.Addend}, {fast.RightShift}, {(fast.SignFix ? 1 : 0)}, {expected} }},\n");
            count++;
        }
        var source = $$"""
            #include <stdio.h>
            #include "edgegen_fixedpoint.h"
            static const struct { int32_t acc, scale, m, addend, right, fix, expected; } cases[] = {
            {{rows}}};
            int main(void)
            {
                unsigned i, bad = 0;
                for (i = 0; i < sizeof cases / sizeof cases[0]; ++i) {
                    const int32_t r = cases[i].fix
                        ? eg_requantize_fast(cases[i].acc, cases[i].scale, cases[i].m, cases[i].addend, cases[i].right)
                        : eg_requantize_fast_nofix(cases[i].acc, cases[i].scale, cases[i].m, cases[i].addend, cases[i].right);
                    if (cases[i].fix || cases[i].right == 0 ? r != cases[i].expected : eg_clamp(r, -128, 127) != eg_clamp(cases[i].expected, -128, 127)) { if (bad++ < 5) printf("case %u: %d != %d\n", i, (int)r, (int)cases[i].expected); }
                }
                printf("%u bad\n", bad);
                return bad != 0;
            }
            """;
        Assert.Equal("0 bad", Support.HostC.Run(source, "fastrq").Trim());
    }
}
