using EdgeGen.Numerics;
using EdgeGen.Targets;
using EdgeGen.Tests.Support;
using EdgeGen.Toolchain;
using Xunit;

namespace EdgeGen.Tests.Firmware;

/// <summary>
/// The vectorized requantization of runtime/c/edgegen_neon.h (vqrdmulh, the tie fix-up, vrshl,
/// then saturating narrowing with the zero point and the activation clamp), run under
/// qemu-aarch64, equals <see cref="FixedPoint.MultiplyByQuantizedMultiplier(int, int, int)"/> plus
/// zero point and clamp on edge values (INT32 limits, exact ties of both roundings, every shift
/// from -31 to 30, multipliers 0, 2^30 and 2^31 - 1) and seeded random ones, through both the
/// general path (per-lane left shifts, masked fix-up) and the fast one (every lane shifts right).
/// </summary>
public class NeonRequantizationTests
{
    private const string Program = """
        #include <stdio.h>
        #include <stdlib.h>
        #include "edgegen_neon.h"

        __attribute__((noinline, noipa)) void eg_bench_start(void) { __asm__ volatile("" ::: "memory"); }
        __attribute__((noinline, noipa)) void eg_bench_end(void) { __asm__ volatile("" ::: "memory"); }

        /* in: n (multiple of 4), zero point, lo, hi, then x[n], multiplier[n], shift[n] (int32);
         * out: general[n], right_only[n] (int8; right_only where every shift of the 4 lanes is < 0, else 0) */
        int main(int argc, char **argv)
        {
            FILE *f = fopen(argv[1], "rb");
            int32_t head[4], *x, *m, *s, *left, *right;
            int8_t *out;
            int i, n;
            if (argc != 3 || !f || fread(head, 4, 4, f) != 4) return 2;
            n = head[0];
            x = malloc(20u * (size_t)n); m = x + n; s = m + n; left = s + n; right = left + n;
            out = malloc(2u * (size_t)n);
            if (fread(x, 4, 3u * (size_t)n, f) != 3u * (size_t)n) return 2;
            fclose(f);
            for (i = 0; i < n; ++i) { left[i] = s[i] > 0 ? s[i] : 0; right[i] = s[i] > 0 ? 0 : s[i]; }
            {
                const eg_neon_rq_t general = { 0, m, left, right, head[1], head[2], head[3], 0, 1 };
                const eg_neon_rq_t fast = { 0, m, 0, right, head[1], head[2], head[3], 1, 1 };
                for (i = 0; i < n; i += 4) {
                    const int32x4_t v = vld1q_s32(x + i);
                    const int fits = s[i] < 0 && s[i + 1] < 0 && s[i + 2] < 0 && s[i + 3] < 0;
                    const int32x4_t g = eg_neon_requantize(v, &general, eg_neon_rq_load(&general, i));
                    const int32x4_t r = fits ? eg_neon_requantize(v, &fast, eg_neon_rq_load(&fast, i)) : vdupq_n_s32(0);
                    eg_neon_store_n(out + i, eg_neon_narrow8(g, g, &general), 4);
                    eg_neon_store_n(out + n + i, eg_neon_narrow8(r, r, &general), 4);
                }
            }
            f = fopen(argv[2], "wb");
            if (!f || fwrite(out, 1, 2u * (size_t)n, f) != 2u * (size_t)n) return 2;
            return fclose(f) != 0;
        }

        """;

    [Fact]
    public void Vector_requantization_equals_fixed_point_reference()
    {
        var (x, m, s) = Cases();
        const int zeroPoint = -5, lo = -128, hi = 100;
        var target = TargetCatalog.Find("cortex-a72");
        using var dir = new TempDirectory();
        File.WriteAllText(dir.File("rq.c"), Program);
        foreach (var h in new[] { "edgegen_neon.h", "edgegen_fixedpoint.h" })
            File.Copy(Path.Combine(ResourcePaths.Runtime, "c", h), dir.File(h));
        var cc = ProcessRunner.Run(target.Compiler, target.CFlags.Concat(new[] { "-std=c99", "-Wall", "-Wextra", "-Werror", "-I.", "rq.c", "-o", "rq" }).Concat(target.LdFlags), dir.Path);
        Assert.True(cc.ExitCode == 0, cc.StandardError);
        File.WriteAllBytes(dir.File("in.bin"), new[] { x.Length, zeroPoint, lo, hi }.Concat(x).Concat(m).Concat(s).SelectMany(BitConverter.GetBytes).ToArray());

        var (result, _) = TargetRunner.RunUserMode(target, dir.File("rq"), new[] { "in.bin", "out.bin" }, dir.Path);

        Assert.True(result.ExitCode == 0, result.StandardError);
        var output = File.ReadAllBytes(dir.File("out.bin"));
        var n = x.Length;
        var fastChecked = 0;
        for (var i = 0; i < n; i++)
        {
            var expected = FixedPoint.Clamp(unchecked(FixedPoint.MultiplyByQuantizedMultiplier(x[i], m[i], s[i]) + zeroPoint), lo, hi);
            Assert.True(expected == (sbyte)output[i], $"x={x[i]} multiplier={m[i]} shift={s[i]}: general path gave {(sbyte)output[i]}, expected {expected}");
            var group = i / 4 * 4;
            if (s[group] >= 0 || s[group + 1] >= 0 || s[group + 2] >= 0 || s[group + 3] >= 0) continue;
            Assert.True(expected == (sbyte)output[n + i], $"x={x[i]} multiplier={m[i]} shift={s[i]}: right-shift path gave {(sbyte)output[n + i]}, expected {expected}");
            fastChecked++;
        }
        Assert.True(fastChecked > n / 3, $"only {fastChecked} of {n} cases exercised the right-shift path");
    }

    /// <summary>Values, multipliers and shifts, a multiple of 4 long; the output scale keeps most results inside int8 so rounding errors show.</summary>
    private static (int[] X, int[] M, int[] S) Cases()
    {
        var random = new Random(2024);
        var xs = new List<int>();
        var ms = new List<int>();
        var ss = new List<int>();
        void Add(int x, int m, int s) { xs.Add(x); ms.Add(m); ss.Add(s); }
        var multipliers = new[] { 0, 1 << 30, int.MaxValue, 1518500250, 1073741825 };
        var specials = new[] { int.MinValue, int.MinValue + 1, int.MaxValue, int.MaxValue - 1, 0, 1, -1, 2, -2, 3, -3 };
        for (var shift = -31; shift <= 30; shift++)
            foreach (var m in multipliers)
                foreach (var x in specials) Add(x, m, shift);
        // Exact ties of the final rounding shift: with M = 2^30 the high multiply halves exactly,
        // so x = (2k + 1) * 2^(e) lands on a half after the right shift by e.
        for (var e = 1; e <= 20; e++)
            for (var k = -40; k <= 40; k++) Add((2 * k + 1) << e, 1 << 30, -e);
        // Ties of the high multiply itself: 2 * x * M an odd multiple of 2^31 (x odd, M = 2^30).
        for (var k = -60; k <= 60; k++) Add(2 * k + 1, 1 << 30, -1);
        // Typical accumulators and requantization constants, outputs mostly inside int8.
        for (var i = 0; i < 4000; i++)
        {
            var shift = random.Next(-12, 3);
            var m = (1 << 30) + random.Next(1 << 30);
            var magnitude = 1 << Math.Clamp(8 - shift + random.Next(-3, 3), 0, 30);
            Add(random.Next(-magnitude, magnitude), m, shift);
        }
        // Lanes of one vector with different shifts, some right, some none, some left.
        for (var i = 0; i < 400; i++) Add(random.Next(-100000, 100000), (1 << 30) + random.Next(1 << 30), random.Next(-3, 2));
        while (xs.Count % 4 != 0) Add(0, 0, -1);
        return (xs.ToArray(), ms.ToArray(), ss.ToArray());
    }
}
