using System.Collections.Immutable;
using EdgeGen.Ir;
using EdgeGen.Ir.Ops;
using EdgeGen.Planning.Patches;
using EdgeGen.Reference;

namespace EdgeGen.Planning.Mixed;

/// <param name="OutlierShare">The share of calibration patches the threshold makes outliers (their int8 path).</param>
/// <param name="EntropyBudget">
/// The share of the stage feature maps' entropy (summed over maps, on the calibration inputs) the
/// low-bit codes may lose in all; the search stops lowering when the next step would exceed it.
/// </param>
public sealed record MixedSearchOptions(double OutlierShare = 0.10, double EntropyBudget = 0.35)
{
    public static readonly MixedSearchOptions Default = new();
}

/// <summary>One step the search took: a feature map lowered to a format, what it saved and what it cost.</summary>
public sealed record MixedStep(int Tensor, LowBitFormat Format, long BitOpsSaved, double EntropyLost);

public sealed record MixedSearchResult(MixedPlan Plan, IReadOnlyList<MixedStep> Steps, double Entropy8, double EntropyLost);

/// <summary>
/// Value-driven quantization search (QuantMCU): the outlier threshold from the calibration patches'
/// input windows, then feature maps lowered one at a time (8 → 4 → 2 bits, each with the format
/// that reads its calibration values back best), always the step that saves the most BitOPs per bit
/// of entropy it loses, while the entropy lost stays within the budget. No training, no labels.
/// </summary>
public static class MixedSearch
{
    public static MixedSearchResult Search(Graph graph, PatchPlan plan, IReadOnlyList<byte[]> calibration, MixedSearchOptions? options = null)
    {
        options ??= MixedSearchOptions.Default;
        if (calibration.Count == 0) throw new EdgeGenException($"model '{graph.Name}': mixed precision needs at least one calibration input");
        foreach (var input in calibration) ReferenceInterpreter.CheckInputs(graph, new[] { input });
        var threshold = Threshold(graph, plan, calibration, options.OutlierShare);
        var stats = Stats(graph, plan, calibration);
        var consumerMacs = ConsumerMacs(graph, plan, stats.Keys);
        var bits = stats.Keys.ToDictionary(t => t, _ => 8);
        var formats = new Dictionary<int, LowBitFormat>();
        var entropy = stats.ToDictionary(kv => kv.Key, kv => kv.Value.Entropy8());
        var total8 = entropy.Values.Sum();
        double lost = 0;
        var steps = new List<MixedStep>();
        while (true)
        {
            MixedStep? best = null;
            double bestScore = double.NegativeInfinity;
            foreach (var (t, s) in stats)
            {
                if (bits[t] == 2) continue;
                var format = s.BestFormat(bits[t] == 8 ? 4 : 2);
                var saved = consumerMacs[t] * 8 * (bits[t] - format.Bits);
                var loss = Math.Max(0, (formats.TryGetValue(t, out var now) ? s.Entropy(now) : entropy[t]) - s.Entropy(format));
                if (saved <= 0 || lost + loss > options.EntropyBudget * total8) continue;
                var score = saved / (loss + 1e-3);
                if (score > bestScore) (best, bestScore) = (new MixedStep(t, format, saved, loss), score);
            }
            if (best is null) break;
            steps.Add(best);
            formats[best.Tensor] = best.Format;
            bits[best.Tensor] = best.Format.Bits;
            lost += best.EntropyLost;
        }
        return new MixedSearchResult(new MixedPlan(formats.ToImmutableDictionary(), threshold), steps, total8, lost);
    }

    /// <summary>The smallest threshold that leaves at most the outlier share of calibration patches above it (max |q - zp| of their input windows).</summary>
    public static int Threshold(Graph graph, PatchPlan plan, IReadOnlyList<byte[]> calibration, double outlierShare)
    {
        var input = graph[graph.Inputs[0]];
        if (input.Type != DataType.Int8 || input.Shape.Rank != 4)
            throw new EdgeGenException($"model '{graph.Name}': mixed precision checks an int8 NHWC input for outliers; input '{input.Name}' is {input.Type.DisplayName()} {input.Shape}");
        var zp = input.Quant.ZeroPoint;
        var (h, w, c) = (input.Shape[1], input.Shape[2], input.Shape[3]);
        var maxima = new List<int>();
        var windows = plan.Tiles().Select(t => ReceptiveField.For(graph, plan.SplitOp, t)[input.Id]).ToList();
        foreach (var bytes in calibration)
            foreach (var win in windows)
            {
                var max = 0;
                for (var y = Math.Max(win.Rows.Start, 0); y < Math.Min(win.Rows.End, h); y++)
                    for (var x = Math.Max(win.Cols.Start, 0); x < Math.Min(win.Cols.End, w); x++)
                        for (var k = 0; k < c; k++)
                            max = Math.Max(max, Math.Abs((sbyte)bytes[(y * w + x) * c + k] - zp));
                maxima.Add(max);
            }
        maxima.Sort();
        var keep = (int)Math.Ceiling(maxima.Count * (1 - outlierShare));
        return keep <= 0 ? 0 : maxima[Math.Min(keep, maxima.Count) - 1];
    }

    /// <summary>The histogram of every int8 feature map inside the patch stage (not the split tensor), over the calibration inputs.</summary>
    private static Dictionary<int, FeatureMapStats> Stats(Graph graph, PatchPlan plan, IReadOnlyList<byte[]> calibration)
    {
        var maps = Enumerable.Range(0, plan.SplitOp).Select(i => graph.Operators[i].Output)
            .Where(t => graph[t].Type == DataType.Int8 && graph[t].Quantization is not null).Distinct()
            .ToDictionary(t => t, t => new FeatureMapStats(graph[t].Quant.ZeroPoint));
        foreach (var input in calibration)
            ReferenceInterpreter.Run(graph, new[] { input }, (i, store) =>
            {
                if (i < plan.SplitOp && maps.TryGetValue(graph.Operators[i].Output, out var s)) s.Add(store.Int8(graph.Operators[i].Output));
            });
        return maps;
    }

    /// <summary>MACs of the operators reading each feature map (their BitOPs scale with its bits).</summary>
    private static Dictionary<int, long> ConsumerMacs(Graph graph, PatchPlan plan, IEnumerable<int> maps) =>
        maps.ToDictionary(t => t, t => Enumerable.Range(0, plan.SplitOp + 1).Where(i => graph.Operators[i].Inputs.Contains(t)).Sum(i => graph.Operators[i].Macs(graph)));
}
