using System.Runtime.CompilerServices;
using EdgeGen.Ir;
using EdgeGen.Ir.Ops;
using EdgeGen.Passes;
using EdgeGen.Targets;

namespace EdgeGen.Emit.C.Kernels.Neon;

/// <summary>
/// A FULLY_CONNECTED, or a 1x1 CONV_2D with stride 1 (each pixel a matrix-vector product over its channels,
/// pixels contiguous in NHWC), whose int8 weights are one or two trit planes (<see cref="TernaryDetection"/>),
/// as the NEON ternary kernels see it: per plane and output unit the trits of its row, and the
/// integer multiplier q of the plane per unit. The weights equal Σ_p q_p[c] · t_p[c][k] exactly, so
/// bias + Σ_k (x_k + offset) · w[c][k] = folded_bias[c] + Σ_p q_p[c] · Σ_k t_p[c][k] · x_k with the
/// offset folded into the bias at generation time.
/// </summary>
internal sealed record NeonTernaryLayer(int Units, int Depth, int Batches, sbyte[][][] Trits, int[][] Multipliers, Activation Activation)
{
    /// <summary>Trit planes (1 or 2).</summary>
    public int Planes => Trits.Length;

    /// <summary>Trits equal to ±1 over all planes: the additions an unrolled kernel makes.</summary>
    public long NonZero => Trits.Sum(p => p.Sum(row => (long)row.Count(t => t != 0)));

    private static readonly ConditionalWeakTable<Graph, Dictionary<int, NeonTernaryLayer?>> Cache = new();

    /// <summary>
    /// The layer when the operator is an int8 FULLY_CONNECTED or 1x1 stride-1 CONV_2D on a NEON target with ternary
    /// weights, else null. Analysed once per graph and operator (the variants of one operator all ask).
    /// </summary>
    public static NeonTernaryLayer? Of(Graph graph, Operator op, TargetSpec target)
    {
        if (!NeonGemm.Available(target) || !NeonGemm.IsInt8(graph, op) || graph[op.Inputs[1]].Quant.ZeroPoint != 0) return null;
        if (op is Conv2D conv && !IsPointwise(graph, conv)) return null;
        var index = IndexOf(graph, op);
        var byIndex = Cache.GetOrCreateValue(graph);
        lock (byIndex)
        {
            if (!byIndex.TryGetValue(index, out var layer)) byIndex[index] = layer = Analyze(graph, op, index);
            return layer;
        }
    }

    /// <summary>1x1 filter, stride 1: the output pixels are the input pixels (no padding, no skipped pixels).</summary>
    private static bool IsPointwise(Graph graph, Conv2D op)
    {
        var filter = graph[op.Inputs[1]].Shape;
        return filter[1] == 1 && filter[2] == 1 && op.Window.StrideH == 1 && op.Window.StrideW == 1
            && graph[op.Inputs[0]].Shape.ElementCount / filter[3] == graph[op.Output].Shape.ElementCount / filter[0];
    }

    private static NeonTernaryLayer? Analyze(Graph graph, Operator op, int index)
    {
        var analysis = TernaryDetection.Analyze(graph, index);
        if (analysis is not { IsTernary: true }) return null;
        var filter = graph[op.Inputs[1]];
        var units = filter.Shape[0];
        var depth = filter.Shape.ElementCount / units;
        var (batches, activation) = op switch
        {
            FullyConnected fc => (fc.Batches(graph), fc.Activation),
            Conv2D conv => (graph[op.Output].Shape.ElementCount / units, conv.Activation),
            _ => throw new InvalidOperationException($"internal: {op.Kind} is not a NEON ternary layer"),
        };
        var trits = analysis.Planes
            .Select(p => Enumerable.Range(0, units).Select(c => p.Trits.AsSpan(c * depth, depth).ToArray()).ToArray())
            .ToArray();
        return new NeonTernaryLayer(units, depth, batches, trits, analysis.Planes.Select(p => p.Multipliers).ToArray(), activation);
    }

    private static int IndexOf(Graph graph, Operator op)
    {
        for (var i = 0; i < graph.Operators.Length; i++)
            if (ReferenceEquals(graph.Operators[i], op)) return i;
        throw new InvalidOperationException($"internal: {op.Kind} is not an operator of graph '{graph.Name}'");
    }
}
