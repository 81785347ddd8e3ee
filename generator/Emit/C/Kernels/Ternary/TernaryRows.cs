using System.Runtime.CompilerServices;
using EdgeGen.Ir;
using EdgeGen.Ir.Ops;
using EdgeGen.Numerics.Params;
using EdgeGen.Passes;

namespace EdgeGen.Emit.C.Kernels.Ternary;

/// <summary>
/// One trit row of a ternary layer: the trits of one output channel in one trit plane, over the channel's inputs
/// (for FULLY_CONNECTED, trit k multiplies input k). The channel's accumulator is its folded bias plus
/// Σ over its rows of Multiplier × Σ_k trit_k · x_k (the raw int8 inputs; the input offset is in the bias).
/// </summary>
internal sealed record TritRow(int Channel, int Multiplier, sbyte[] Trits)
{
    public int NonZero => Trits.Count(t => t != 0);
}

/// <summary>
/// A FULLY_CONNECTED whose weights are ternary (one trit plane) or two trit planes (<see cref="TernaryDetection"/>),
/// lowered for the unrolled kernels: its trit rows (all-zero rows left out; a channel without rows is a constant)
/// and the fast requantization with the input offset folded into the bias. Null when the layer is not ternary or
/// not int8, or the fast requantization is not proven exact for it.
/// </summary>
internal sealed record TernaryFullyConnected(int Units, int Depth, int Batches, IReadOnlyList<TritRow> Rows, FoldedRequantization Folded, double Sparsity)
{
    public int Weights => Units * Depth;
    public int NonZero => Rows.Sum(r => r.NonZero);

    // Analysing a layer walks every weight; the selection asks each variant several questions about the same operator.
    private static readonly ConditionalWeakTable<Graph, Dictionary<Operator, TernaryFullyConnected?>> Cache = new();

    public static TernaryFullyConnected? For(Graph graph, FullyConnected op)
    {
        var byOp = Cache.GetValue(graph, _ => new Dictionary<Operator, TernaryFullyConnected?>(ReferenceEqualityComparer.Instance));
        lock (byOp)
        {
            if (!byOp.TryGetValue(op, out var layer)) byOp[op] = layer = Analyze(graph, op);
            return layer;
        }
    }

    private static TernaryFullyConnected? Analyze(Graph graph, FullyConnected op)
    {
        var input = graph[op.Inputs[0]];
        var filter = graph[op.Inputs[1]];
        var output = graph[op.Output];
        if (input.Type != DataType.Int8 || output.Type != DataType.Int8 || filter.Type != DataType.Int8) return null;
        var index = graph.Operators.Select((o, i) => (o, i)).First(p => ReferenceEquals(p.o, op)).i;
        if (TernaryDetection.Analyze(graph, index) is not { IsTernary: true } layer) return null;
        var units = filter.Shape[0];
        var depth = filter.Shape[1];
        var w = filter.Int8Data.ToArray();
        var folded = FoldedRequantization.TryCreate(input, filter, op.HasInput(2) ? graph[op.Inputs[2]] : null, output, op.Activation,
            units, c => w.Skip(c * depth).Take(depth));
        if (folded is null) return null;
        var rows = new List<TritRow>();
        for (var c = 0; c < units; c++)
            foreach (var plane in layer.Planes)
            {
                var trits = plane.Trits.AsSpan(c * depth, depth).ToArray();
                if (plane.Multipliers[c] != 0 && trits.Any(t => t != 0)) rows.Add(new TritRow(c, plane.Multipliers[c], trits));
            }
        return new TernaryFullyConnected(units, depth, op.Batches(graph), rows, folded, layer.Sparsity);
    }

    /// <summary>
    /// The C that turns the row sums <c>s[]</c> of one batch row into its outputs <c>o[]</c>: per channel, the folded bias
    /// plus each row sum times its multiplier, then the exact fast requantization.
    /// </summary>
    public string OutputStatements(FoldedConstants constants)
    {
        var sb = new System.Text.StringBuilder();
        var rowsOf = Rows.Select((r, i) => (r, i)).ToLookup(p => p.r.Channel, p => p.i);
        for (var c = 0; c < Units; c++)
        {
            var row = $"({constants.Table} + {c * constants.Stride})";
            var terms = string.Concat(rowsOf[c].Select(i => Rows[i].Multiplier == 1 ? $" + s[{i}]" : $" + {Rows[i].Multiplier} * s[{i}]"));
            sb.Append($"        {{ const int32_t acc = {constants.Table}[{c * constants.Stride}]{terms}; o[{c}] = {constants.Output("acc", row)}; }}\n");
        }
        return sb.ToString();
    }

    /// <summary>Instructions of the output statements: the bias load, a multiply-add per row, the requantization and the store.</summary>
    public long OutputInstructions => 12L * Units + 2L * Rows.Count;
}
