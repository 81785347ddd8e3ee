using System.Collections.Immutable;
using EdgeGen.Ir;
using EdgeGen.Ir.Ops;

namespace EdgeGen.Ptq;

/// <summary>
/// The small pieces of post-training quantization the example models need: per-channel statistics
/// of float activations, TFLite's affine parameters from an observed range, and symmetric
/// per-channel int8 weights. Everything runs in plain float/double arithmetic without library
/// transcendentals, so results are the same on every platform.
/// </summary>
internal static class Calibration
{
    /// <summary>Mean and standard deviation per channel (the last dimension) over all samples and positions.</summary>
    public static (double[] Mean, double[] Std) ChannelStats(IEnumerable<float[]> samples, int channels)
    {
        var sum = new double[channels];
        var sumSq = new double[channels];
        long perChannel = 0;
        foreach (var s in samples)
        {
            for (var i = 0; i < s.Length; i++)
            {
                sum[i % channels] += s[i];
                sumSq[i % channels] += (double)s[i] * s[i];
            }
            perChannel += s.Length / channels;
        }
        var mean = new double[channels];
        var std = new double[channels];
        for (var c = 0; c < channels; c++)
        {
            mean[c] = sum[c] / perChannel;
            std[c] = Math.Sqrt(Math.Max(sumSq[c] / perChannel - mean[c] * mean[c], 0));
        }
        return (mean, std);
    }

    /// <summary>
    /// TFLite's asymmetric int8 parameters for a real range: the range is widened to contain 0,
    /// scale = (max - min) / 255, zero point = round(-128 - min / scale) so that 0 is exact.
    /// </summary>
    public static Quantization FromRange(float min, float max)
    {
        min = Math.Min(min, 0);
        max = Math.Max(max, 0);
        var scale = max > min ? (max - min) / 255f : 1f;
        var zeroPoint = (long)Math.Clamp(MathF.Round(-128 - min / scale, MidpointRounding.AwayFromZero), -128, 127);
        return Quantization.PerTensor(scale, zeroPoint);
    }

    /// <summary>
    /// Symmetric int8 weights, one scale per index of <paramref name="axis"/> (or one scale for the
    /// whole tensor when axis is null): scale = max|w| / 127, q = round(w / scale) in [-127, 127].
    /// </summary>
    public static (sbyte[] Values, float[] Scales) QuantizeSymmetric(float[] weights, Shape shape, int? axis)
    {
        var channels = axis is { } a ? shape[a] : 1;
        int Channel(int i) => axis is { } a ? WeightAxis.ChannelOf(shape, a, i) : 0;
        var maxAbs = new float[channels];
        for (var i = 0; i < weights.Length; i++) maxAbs[Channel(i)] = Math.Max(maxAbs[Channel(i)], Math.Abs(weights[i]));
        var scales = maxAbs.Select(m => m > 0 ? m / 127f : 1f).ToArray();
        var values = new sbyte[weights.Length];
        for (var i = 0; i < weights.Length; i++)
            values[i] = (sbyte)Math.Clamp(MathF.Round(weights[i] / scales[Channel(i)], MidpointRounding.AwayFromZero), -127, 127);
        return (values, scales);
    }

    public static Quantization PerAxis(IEnumerable<float> scales, int axis)
    {
        var s = scales.ToImmutableArray();
        return new Quantization(s, Enumerable.Repeat(0L, s.Length).ToImmutableArray(), s.Length > 1 ? axis : 0);
    }
}
