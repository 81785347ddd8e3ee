using EdgeGen.Ir;

namespace EdgeGen.Ptq;

/// <summary>
/// The real range of every float activation of a graph over calibration inputs: min/max, or with
/// a percentile p the p-th and (100−p)-th percentiles of the observed values (every value kept up
/// to <see cref="MaxSamples"/> per tensor, then an even subsample, so the result is deterministic).
/// </summary>
public static class ActivationRanges
{
    public const int MaxSamples = 1 << 20;

    public static Dictionary<int, (float Min, float Max)> Measure(Graph g, IReadOnlyList<float[]> inputs, double? percentile = null)
    {
        if (inputs.Count == 0) throw new EdgeGenException($"model '{g.Name}': no calibration inputs");
        var ranges = new Dictionary<int, (float Min, float Max)>();
        var samples = new Dictionary<int, List<float>>();
        void Observe(int id, ReadOnlySpan<float> values)
        {
            var (min, max) = ranges.GetValueOrDefault(id, (float.MaxValue, float.MinValue));
            foreach (var v in values) { min = Math.Min(min, v); max = Math.Max(max, v); }
            ranges[id] = (min, max);
            if (percentile is null) return;
            var list = samples.TryGetValue(id, out var l) ? l : samples[id] = new List<float>();
            var stride = Math.Max(1, values.Length * inputs.Count / MaxSamples);
            for (var i = 0; i < values.Length; i += stride) list.Add(values[i]);
        }
        foreach (var x in inputs)
        {
            Observe(g.Inputs[0], x);
            ModelRunner.Run(g, x, (i, s) =>
            {
                var id = g.Operators[i].Output;
                if (g[id].Type == DataType.Float32) Observe(id, s.Float32(id));
            });
        }
        if (percentile is not { } p) return ranges;
        if (!(p > 50 && p <= 100)) throw new EdgeGenException($"--percentile {p}: use a value above 50 and at most 100 (e.g. 99.99)");
        return samples.ToDictionary(kv => kv.Key, kv =>
        {
            var sorted = kv.Value.Order().ToArray();
            return (Percentile(sorted, 100 - p), Percentile(sorted, p));
        });
    }

    private static float Percentile(float[] sorted, double p)
    {
        var index = (int)Math.Round(p / 100 * (sorted.Length - 1), MidpointRounding.AwayFromZero);
        return sorted[Math.Clamp(index, 0, sorted.Length - 1)];
    }
}
