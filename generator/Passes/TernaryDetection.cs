using System.Collections.Immutable;
using EdgeGen.Ir;
using EdgeGen.Ir.Ops;

namespace EdgeGen.Passes;

/// <summary>
/// One trit plane of a ternary layer: a trit in {-1, 0, +1} per weight (in the filter's own
/// layout) and one integer multiplier per output channel (0 where the channel does not use the plane).
/// </summary>
public sealed record TritPlane(sbyte[] Trits, int[] Multipliers)
{
    public double Sparsity => Trits.Length == 0 ? 0 : Trits.Count(t => t == 0) / (double)Trits.Length;
    public int NonZero => Trits.Count(t => t != 0);
}

/// <summary>
/// What <see cref="TernaryDetection"/> finds in one CONV_2D, DEPTHWISE_CONV_2D or FULLY_CONNECTED:
/// its int8 weights written exactly as Σ_p Planes[p].Trits[i] · Planes[p].Multipliers[channel(i)]
/// with one plane (ternary: per channel only -q, 0, +q) or two (trit planes: per channel values
/// q1·t1 + q2·t2), or no planes and the reason why not.
/// </summary>
public sealed record TernaryLayer(int OperatorIndex, string Kind, int ChannelAxis, int Channels, double Sparsity, ImmutableArray<TritPlane> Planes, string? Reason)
{
    public bool IsTernary => Planes.Length > 0;

    /// <summary>The multiplier of each plane for each channel: [channel][plane].</summary>
    public int[][] ChannelMultipliers => Enumerable.Range(0, Channels).Select(c => Planes.Select(p => p.Multipliers[c]).ToArray()).ToArray();

    /// <summary>
    /// The lowered form an unrolled kernel emits: for each output channel and plane, the positions
    /// within the channel's row of weights (in <see cref="WeightAxis.Rows"/> order) whose trit is
    /// +1 (added) and −1 (subtracted). [channel][plane].
    /// </summary>
    public (int[] Plus, int[] Minus)[][] RowTaps(Shape filterShape)
    {
        var rows = WeightAxis.Rows(filterShape, ChannelAxis);
        return rows.Select(row => Planes.Select(p => (
            Enumerable.Range(0, row.Length).Where(k => p.Trits[row[k]] > 0).ToArray(),
            Enumerable.Range(0, row.Length).Where(k => p.Trits[row[k]] < 0).ToArray())).ToArray()).ToArray();
    }

    public string Describe()
    {
        if (!IsTernary) return $"not ternary: {Reason}";
        var q = Planes.Length == 1
            ? Range(Planes[0].Multipliers.Where(m => m > 0))
            : string.Join(" + ", Planes.Select((p, i) => $"{Range(p.Multipliers.Where(m => m > 0))}*T{i + 1}"));
        var what = Planes.Length == 1 ? $"ternary, q={q}" : $"{Planes.Length} trit planes, {q}";
        return $"{what}, sparsity {Sparsity * 100:F1}%";
    }

    private static string Range(IEnumerable<int> values)
    {
        var v = values.ToArray();
        if (v.Length == 0) return "0";
        return v.Min() == v.Max() ? $"{v.Min()}" : $"{v.Min()}..{v.Max()}";
    }
}

/// <summary>
/// Finds ternary layers: every CONV_2D, DEPTHWISE_CONV_2D or FULLY_CONNECTED whose int8 weights
/// (symmetric, zero point 0) take per output channel only the values {-q, 0, +q} is ternary
/// (one trit plane with multiplier q); a layer whose channels take values q1·t1 + q2·t2 with
/// trits t1, t2 (at most four magnitudes q1, q2, q1+q2, |q1-q2|) is two trit planes, the form
/// <c>edgegen quantize --ternary trit-planes</c> writes. The weights stay ordinary int8 weights,
/// so the layer runs as before and the planes are an exact rewriting of it: a kernel may
/// accumulate Σ t·x per plane with additions and subtractions only and combine the planes with
/// the channel's multipliers before the usual requantization, bit-exact with the int8 kernel.
/// </summary>
public static class TernaryDetection
{
    public static ImmutableArray<TernaryLayer> Run(Graph graph)
    {
        var result = ImmutableArray.CreateBuilder<TernaryLayer>();
        for (var i = 0; i < graph.Operators.Length; i++)
            if (Analyze(graph, i) is { } layer) result.Add(layer);
        return result.ToImmutable();
    }

    /// <summary>The analysis of operator <paramref name="index"/>, or null when it is not a weighted layer.</summary>
    public static TernaryLayer? Analyze(Graph graph, int index)
    {
        var op = graph.Operators[index];
        if (op is not (Conv2D or DepthwiseConv2D or FullyConnected)) return null;
        var filter = graph[op.Inputs[1]];
        var axis = WeightAxis.Of(op);
        var channels = filter.Shape[axis];
        TernaryLayer Refuse(string reason, double sparsity = 0) => new(index, op.Kind, axis, channels, sparsity, ImmutableArray<TritPlane>.Empty, reason);
        if (filter.Type != DataType.Int8) return Refuse($"{filter.Type.DisplayName()} weights");
        if (filter.Quantization is { } q && q.ZeroPoints.Any(z => z != 0)) return Refuse("weights with a non-zero zero point");

        var w = filter.Int8Data.ToArray();
        var rows = WeightAxis.Rows(filter.Shape, axis);
        var sparsity = w.Count(v => v == 0) / (double)Math.Max(w.Length, 1);
        var pairs = new (int Q1, int Q2)[channels];
        var planes = 0;
        for (var c = 0; c < channels; c++)
        {
            var values = rows[c].Select(i => (int)w[i]).ToArray();
            var magnitudes = values.Where(v => v != 0).Select(Math.Abs).Distinct().Order().ToArray();
            if (magnitudes.Length > 4) return Refuse($"channel {c} has {magnitudes.Length} distinct magnitudes", sparsity);
            if (magnitudes.Length <= 1)
            {
                pairs[c] = (magnitudes.FirstOrDefault(), 0);
                planes = Math.Max(planes, magnitudes.Length);
                continue;
            }
            if (BestPair(magnitudes, values) is not { } pair)
                return Refuse($"channel {c} has magnitudes {string.Join(",", magnitudes)}, which are not q1, q2, q1+q2, |q1-q2| of two planes", sparsity);
            pairs[c] = pair;
            planes = 2;
        }
        if (planes == 0) planes = 1; // all weights zero: one empty plane
        var result = Enumerable.Range(0, planes).Select(_ => new TritPlane(new sbyte[w.Length], new int[channels])).ToArray();
        for (var c = 0; c < channels; c++)
        {
            result[0].Multipliers[c] = pairs[c].Q1;
            if (planes == 2) result[1].Multipliers[c] = pairs[c].Q2;
            foreach (var i in rows[c])
            {
                var (t1, t2) = Split(w[i], pairs[c].Q1, pairs[c].Q2);
                result[0].Trits[i] = t1;
                if (planes == 2) result[1].Trits[i] = t2;
            }
        }
        return new TernaryLayer(index, op.Kind, axis, channels, sparsity, result.ToImmutableArray(), null);
    }

    /// <summary>
    /// The multipliers (q1 ≥ q2 ≥ 1) of two planes that produce every magnitude, chosen to need
    /// the fewest non-zero trits (the additions an unrolled kernel makes), ties to the larger q1.
    /// The largest magnitude m is q1 or q1+q2, so each candidate pairs m or a split of m with another magnitude.
    /// </summary>
    private static (int Q1, int Q2)? BestPair(int[] magnitudes, int[] values)
    {
        var m = magnitudes[^1];
        var candidates = new List<(int, int)>();
        foreach (var a in magnitudes[..^1])
        {
            candidates.Add((m, a));
            candidates.Add((m, m - a));
            candidates.Add((Math.Max(a, m - a), Math.Min(a, m - a)));
        }
        (int, int)? best = null;
        var bestCost = int.MaxValue;
        foreach (var (q1, q2) in candidates.Where(p => p.Item2 >= 1).Distinct().OrderByDescending(p => p.Item1).ThenByDescending(p => p.Item2))
        {
            var reachable = new[] { q1, q2, q1 + q2, Math.Abs(q1 - q2) };
            if (!magnitudes.All(reachable.Contains)) continue;
            var cost = values.Sum(v => { var (t1, t2) = Split(v, q1, q2); return Math.Abs(t1) + Math.Abs(t2); });
            if (cost < bestCost) (best, bestCost) = ((q1, q2), cost);
        }
        return best;
    }

    /// <summary>Trits (t1, t2) with q1·t1 + q2·t2 = v, preferring the fewest non-zero trits.</summary>
    private static (sbyte, sbyte) Split(int v, int q1, int q2)
    {
        if (v == 0) return (0, 0);
        if (v == q1) return (1, 0);
        if (v == -q1) return (-1, 0);
        if (v == q2) return (0, 1);
        if (v == -q2) return (0, -1);
        for (sbyte t1 = -1; t1 <= 1; t1++)
        for (sbyte t2 = -1; t2 <= 1; t2++)
            if (q1 * t1 + q2 * t2 == v) return (t1, t2);
        throw new InvalidOperationException($"internal: {v} is not q1*t1 + q2*t2 for ({q1}, {q2})");
    }
}
