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
/// A FULLY_CONNECTED or CONV_2D whose weights are ternary (one trit plane) or two trit planes (<see cref="TernaryDetection"/>),
/// lowered for the C ternary kernels as matrix-vector products: its trit rows (all-zero rows left out; a channel without
/// rows is a constant) and the fast requantization with the input offset folded into the bias. A convolution's "batch
/// rows" are its output pixels, each the input patch under the filter (<see cref="Gather"/>). Null when the layer is
/// not ternary or not int8, or the fast requantization is not proven exact for it.
/// </summary>
internal sealed record TernaryRowsLayer(int Units, int Depth, int Batches, IReadOnlyList<TritRow> Rows, FoldedRequantization Folded, double Sparsity)
{
    /// <summary>How a convolution's input patches are read (null for FULLY_CONNECTED: batch row b is input + b · Depth).</summary>
    public TernaryGather? Gather { get; init; }

    public int Weights => Units * Depth;
    public int NonZero => Rows.Sum(r => r.NonZero);

    // Analysing a layer walks every weight; the selection asks each variant several questions about the same operator.
    private static readonly ConditionalWeakTable<Graph, Dictionary<Operator, TernaryRowsLayer?>> Cache = new();

    public static TernaryRowsLayer? For(Graph graph, Operator op)
    {
        var byOp = Cache.GetValue(graph, _ => new Dictionary<Operator, TernaryRowsLayer?>(ReferenceEqualityComparer.Instance));
        lock (byOp)
        {
            if (!byOp.TryGetValue(op, out var layer)) byOp[op] = layer = Analyze(graph, op);
            return layer;
        }
    }

    private static TernaryRowsLayer? Analyze(Graph graph, Operator op)
    {
        if (op is not (FullyConnected or Conv2D)) return null;
        var input = graph[op.Inputs[0]];
        if (op is Conv2D && graph[op.Inputs[1]].Shape[3] != input.Shape[3]) return null; // grouped convolution
        var filter = graph[op.Inputs[1]];
        var output = graph[op.Output];
        if (input.Type != DataType.Int8 || output.Type != DataType.Int8 || filter.Type != DataType.Int8) return null;
        var index = graph.Operators.Select((o, i) => (o, i)).First(p => ReferenceEquals(p.o, op)).i;
        if (TernaryDetection.Analyze(graph, index) is not { IsTernary: true } layer) return null;
        var units = filter.Shape[0];
        var depth = filter.Shape.ElementCount / units;
        var folded = op is Conv2D conv ? LayerFolding.Of(graph, conv) : LayerFolding.Of(graph, (FullyConnected)op);
        if (folded is null) return null;
        var rows = new List<TritRow>();
        for (var c = 0; c < units; c++)
            foreach (var plane in layer.Planes)
            {
                var trits = plane.Trits.AsSpan(c * depth, depth).ToArray();
                if (plane.Multipliers[c] != 0 && trits.Any(t => t != 0)) rows.Add(new TritRow(c, plane.Multipliers[c], trits));
            }
        return op is Conv2D c2
            ? new TernaryRowsLayer(units, depth, output.Shape.ElementCount / units, rows, folded, layer.Sparsity) { Gather = TernaryGather.For(graph, c2) }
            : new TernaryRowsLayer(units, depth, ((FullyConnected)op).Batches(graph), rows, folded, layer.Sparsity);
    }

    /// <summary>Scratch bytes for one gathered input patch (0 when rows are read in place).</summary>
    public int ColumnBytes => Gather?.ColumnBytes ?? 0;

    /// <summary>Instructions per batch row to gather its inputs.</summary>
    public long GatherInstructions => Gather?.Instructions ?? 0;

    /// <summary>The C definitions the row expression needs (a convolution's gather function).</summary>
    public string GatherDefinitions(CKernelContext ctx) => Gather?.Definition(ctx) ?? "";

    /// <summary>
    /// The C expression of batch row <paramref name="batch"/>'s inputs, given the operator's scratch of which the kernel's
    /// own part takes <paramref name="ownScratch"/> bytes (the gathered patch goes after it).
    /// </summary>
    public string Row(CKernelContext ctx, string batch, int ownScratch) => Gather is { } g
        ? g.Row(ctx, "input", batch, g.ColumnBytes == 0 ? "0" : $"(int8_t *)(void *)({ctx.ScratchPointer("uint8_t")} + {(ownScratch + 3) / 4 * 4})")
        : $"input + {batch} * {Depth}";

    /// <summary>Scratch of a kernel whose own part takes <paramref name="ownScratch"/> bytes, with the gathered patch.</summary>
    public int ScratchWith(int ownScratch) => ColumnBytes == 0 ? ownScratch : (ownScratch + 3) / 4 * 4 + ColumnBytes;

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
