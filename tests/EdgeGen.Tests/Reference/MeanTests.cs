using System.Collections.Immutable;
using EdgeGen.Ir;
using EdgeGen.Ir.Ops;
using EdgeGen.Numerics.Params;
using EdgeGen.Tests.Support;
using Xunit;

namespace EdgeGen.Tests.Reference;

/// <summary>
/// MEAN as TFLite Micro's reference kernel computes it (reduce_common.cc), int8 and int16. Every
/// expected value below is worked out by hand from the kernel's algorithm, step by step in the
/// comments; the three paths are:
/// A keep_dims, rank 4, axis operand exactly [1,2] or [2,1]: acc = sum(x - zp_in);
///   acc = MultiplyByQuantizedMultiplier(acc, M, shift) with M/shift from s_in/s_out;
///   acc = acc &gt; 0 ? (acc + n/2)/n : (acc - n/2)/n (C division); + zp_out; clamp.
/// B otherwise, when zero point and scale are equal in and out: sum(x) / n, truncating.
/// C otherwise: float mean = sum(x) / n; round(mean * (s_in/s_out) - zp_in * (s_in/s_out)) + zp_out, clamped.
/// </summary>
public class MeanTests
{
    private static Graph MeanGraph(DataType type, int[] inShape, (float Scale, long Zp) inQ, int[] axes,
        bool keepDims, int[] outShape, (float Scale, long Zp) outQ)
    {
        var b = new UnitGraphBuilder();
        var input = b.Activation(type, inShape, inQ.Scale, inQ.Zp);
        var axis = b.Constant(DataType.Int32, [axes.Length], axes);
        var output = b.Activation(type, outShape, outQ.Scale, outQ.Zp);
        return b.Op(new Mean([input, axis], [output], keepDims)).Build([input], [output]);
    }

    private static MeanPath PathOf(Graph g) => MeanParams.For((Mean)g.Operators[0], g).Path;

    [Fact]
    public void Int8_spatial_keep_dims_requantizes_then_divides_rounding_half_away()
    {
        // Input [1,2,2,2] NHWC, s_in 0.5 zp_in 1; output [1,1,1,2] s_out 0.25 zp_out -3.
        // s_in/s_out = 2.0 -> QuantizeMultiplier: M = 2^30, shift 2; MBQM(x) = SRDHM(4x, 2^30) = 2x.
        // Channel 0: 3, 6, -2, 11 -> sum(x - 1) = 14 -> 28 -> (28 + 2) / 4 = 7 -> 7 - 3 = 4.
        // Channel 1: -5, -6, -7, -9 -> sum(x - 1) = -31 -> -62 -> (-62 - 2) / 4 = -16 -> -16 - 3 = -19.
        var g = MeanGraph(DataType.Int8, [1, 2, 2, 2], (0.5f, 1), [1, 2], keepDims: true, [1, 1, 1, 2], (0.25f, -3));
        Assert.Equal(MeanPath.SpatialKeepDims, PathOf(g));
        Assert.Equal(new long[] { 4, -19 }, UnitGraphBuilder.Run(g, [3, -5, 6, -6, -2, -7, 11, -9]));
    }

    [Fact]
    public void Int8_spatial_keep_dims_accepts_axes_2_1_and_clamps()
    {
        // Same tensors, axis [2,1], and a channel that saturates:
        // channel 0: 127 x4 -> sum(x - 1) = 504 -> 1008 -> (1008 + 2) / 4 = 252 -> 249 -> clamp 127.
        // channel 1: -128 x4 -> sum(x - 1) = -516 -> -1032 -> (-1032 - 2) / 4 = -258 -> -261 -> clamp -128.
        var g = MeanGraph(DataType.Int8, [1, 2, 2, 2], (0.5f, 1), [2, 1], keepDims: true, [1, 1, 1, 2], (0.25f, -3));
        Assert.Equal(MeanPath.SpatialKeepDims, PathOf(g));
        Assert.Equal(new long[] { 127, -128 }, UnitGraphBuilder.Run(g, [127, -128, 127, -128, 127, -128, 127, -128]));
    }

    [Fact]
    public void Int16_spatial_keep_dims_rounds_where_same_quantization_path_would_truncate()
    {
        // Input [1,2,2,2] and output [1,1,1,2], both s 0.5 zp 0: equal quantization, but path A wins.
        // s_in/s_out = 1.0 -> M = 2^30, shift 1; MBQM(x) = SRDHM(2x, 2^30) = x
        //   (for -407: SRDHM(-814, 2^30) = trunc((-814 * 2^30 + 1 - 2^30) / 2^31) = trunc(-407.5000...) = -407).
        // Channel 0: 100, 101, 102, 104 -> 407 -> (407 + 2) / 4 = 102.
        // Channel 1: -100, -101, -102, -104 -> -407 -> (-407 - 2) / 4 = -102.
        var g = MeanGraph(DataType.Int16, [1, 2, 2, 2], (0.5f, 0), [1, 2], keepDims: true, [1, 1, 1, 2], (0.5f, 0));
        Assert.Equal(MeanPath.SpatialKeepDims, PathOf(g));
        Assert.Equal(new long[] { 102, -102 }, UnitGraphBuilder.Run(g, [100, -100, 101, -101, 102, -102, 104, -104]));
    }

    [Fact]
    public void Int16_without_keep_dims_takes_the_truncating_same_quantization_path()
    {
        // As above with keep_dims false (output [1,2]): path B, 407 / 4 = 101 and -407 / 4 = -101 (C truncation).
        var g = MeanGraph(DataType.Int16, [1, 2, 2, 2], (0.5f, 0), [1, 2], keepDims: false, [1, 2], (0.5f, 0));
        Assert.Equal(MeanPath.SameQuantization, PathOf(g));
        Assert.Equal(new long[] { 101, -101 }, UnitGraphBuilder.Run(g, [100, -100, 101, -101, 102, -102, 104, -104]));
    }

    [Fact]
    public void Negative_axes_do_not_select_the_spatial_path()
    {
        // Axis [-3,-2] resolves to 1 and 2, but the special case compares the operand as written:
        // path B, as in the previous test, although keep_dims is set.
        var g = MeanGraph(DataType.Int16, [1, 2, 2, 2], (0.5f, 0), [-3, -2], keepDims: true, [1, 1, 1, 2], (0.5f, 0));
        Assert.Equal(MeanPath.SameQuantization, PathOf(g));
        Assert.Equal(new long[] { 101, -101 }, UnitGraphBuilder.Run(g, [100, -100, 101, -101, 102, -102, 104, -104]));
    }

    [Fact]
    public void Int8_same_quantization_truncates_the_raw_sum_ignoring_the_zero_point()
    {
        // Input [2,3] and output [2], both s 0.5 zp 3, axis [1].
        // Row 0: -4, -4, -3 -> -11 / 3 = -3 (truncation; rounding would give -4).
        // Row 1: 5, 6, 6 -> 17 / 3 = 5 (rounding would give 6).
        var g = MeanGraph(DataType.Int8, [2, 3], (0.5f, 3), [1], keepDims: false, [2], (0.5f, 3));
        Assert.Equal(MeanPath.SameQuantization, PathOf(g));
        Assert.Equal(new long[] { -3, 5 }, UnitGraphBuilder.Run(g, [-4, -4, -3, 5, 6, 6]));
    }

    [Fact]
    public void Same_quantization_reduces_non_adjacent_axes_into_row_major_outputs()
    {
        // Input [2,2,2] = 1..8 (index a*4 + b*2 + c), axes [0,2] -> output [2] indexed by b.
        // b = 0: 1, 2, 5, 6 -> 14 / 4 = 3.   b = 1: 3, 4, 7, 8 -> 22 / 4 = 5.
        var g = MeanGraph(DataType.Int8, [2, 2, 2], (1f, 0), [0, 2], keepDims: false, [2], (1f, 0));
        Assert.Equal(new long[] { 3, 5 }, UnitGraphBuilder.Run(g, [1, 2, 3, 4, 5, 6, 7, 8]));
    }

    [Fact]
    public void Int8_requantize_path_works_in_float_and_rounds_half_away_from_zero()
    {
        // Input [3,4] s_in 0.5 zp_in 2; output [3] s_out 0.25 zp_out -1; axis [1].
        // scale = 0.5f / 0.25f = 2.0f; bias = -2 * 2.0f = -4.0f.
        // Row 0: 5, 9, -4, 1 -> 11 / 4 = 2.75f -> 5.5 - 4 = 1.5 -> round 2 -> 2 - 1 = 1.
        // Row 1: -7, -8, -6, -8 -> -29 / 4 = -7.25f -> -14.5 - 4 = -18.5 -> round -19 -> -20.
        // Row 2: 127 x4 -> 127 -> 254 - 4 = 250 -> 250 - 1 = 249 -> min(249, 127) = 127.
        var g = MeanGraph(DataType.Int8, [3, 4], (0.5f, 2), [1], keepDims: false, [3], (0.25f, -1));
        Assert.Equal(MeanPath.Requantize, PathOf(g));
        Assert.Equal(new long[] { 1, -20, 127 }, UnitGraphBuilder.Run(g, [5, 9, -4, 1, -7, -8, -6, -8, 127, 127, 127, 127]));
    }

    [Fact]
    public void Int16_requantize_path_rounds_half_away_from_zero()
    {
        // Input [3,4] s_in 0.5 zp 0; output [3] s_out 1.0 zp 0 (scale 0.5f, bias 0); axis [-1].
        // Row 0: 1 x4 -> mean 1 -> 0.5 -> round 1.   Row 1: -1 x4 -> -0.5 -> round -1.
        // Row 2: 1, 2, 2, 2 -> 7 / 4 = 1.75f -> 0.875 -> round 1.
        var g = MeanGraph(DataType.Int16, [3, 4], (0.5f, 0), [-1], keepDims: false, [3], (1f, 0));
        Assert.Equal(MeanPath.Requantize, PathOf(g));
        Assert.Equal(new long[] { 1, -1, 1 }, UnitGraphBuilder.Run(g, [1, 1, 1, 1, -1, -1, -1, -1, 1, 2, 2, 2]));
    }

    [Fact]
    public void Int16_requantize_path_with_keep_dims_over_other_axes_and_clamping()
    {
        // Input [1,2,2,1] s_in 1.0 zp 0; output [1,2,1,1] s_out 0.5 zp 0 (scale 2.0f); axis [2,3], keep_dims
        // (rank 4 but not axes 1 and 2, so path C). Row h = 0: 30000, 20000 -> 25000 -> 50000 -> 32767.
        // Row h = 1: -3, -4 -> -7 / 2 = -3.5f -> -7 -> -7.
        var g = MeanGraph(DataType.Int16, [1, 2, 2, 1], (1f, 0), [2, 3], keepDims: true, [1, 2, 1, 1], (0.5f, 0));
        Assert.Equal(MeanPath.Requantize, PathOf(g));
        Assert.Equal(new long[] { 32767, -7 }, UnitGraphBuilder.Run(g, [30000, 20000, -3, -4]));
    }

    [Fact]
    public void Float_mean_is_sum_over_count()
    {
        var b = new UnitGraphBuilder();
        var input = b.Activation(DataType.Float32, [2, 2]);
        var axis = b.Constant(DataType.Int32, [1], new[] { 1 });
        var output = b.Activation(DataType.Float32, [2]);
        var g = b.Op(new Mean([input, axis], [output], false)).Build([input], [output]);
        var bytes = EdgeGen.Reference.ReferenceInterpreter.Run(g, [System.Runtime.InteropServices.MemoryMarshal.AsBytes(new float[] { 1, 2, 3, 4 }.AsSpan()).ToArray()])[0];
        Assert.Equal(new[] { 1.5f, 3.5f }, System.Runtime.InteropServices.MemoryMarshal.Cast<byte, float>(bytes).ToArray());
    }

    [Fact]
    public void More_than_two_distinct_axes_are_rejected()
    {
        var e = Assert.Throws<EdgeGenException>(() =>
            MeanGraph(DataType.Int8, [2, 2, 2], (1f, 0), [0, 1, 2], keepDims: false, [1], (1f, 0)));
        Assert.Contains("at most 2 distinct axes", e.Message);
    }
}
