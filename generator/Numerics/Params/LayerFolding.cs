using EdgeGen.Ir;
using EdgeGen.Ir.Ops;

namespace EdgeGen.Numerics.Params;

/// <summary>
/// <see cref="FoldedRequantization"/> of the three convolution-like operators, each reading its output channels'
/// weights from the filter's own layout (FULLY_CONNECTED [units, depth], CONV_2D OHWI, DEPTHWISE_CONV_2D [1, H, W, C]).
/// </summary>
public static class LayerFolding
{
    public static FoldedRequantization? Of(Graph graph, FullyConnected op) => Rows(graph, op, op.Activation);

    public static FoldedRequantization? Of(Graph graph, Conv2D op) => Rows(graph, op, op.Activation);

    public static FoldedRequantization? Of(Graph graph, DepthwiseConv2D op)
    {
        var filter = graph[op.Inputs[1]];
        var w = filter.Int8Data.ToArray();
        var channels = graph[op.Output].Shape[3];
        return FoldedRequantization.TryCreate(graph[op.Inputs[0]], filter, Bias(graph, op), graph[op.Output], op.Activation,
            channels, c => Enumerable.Range(0, w.Length / channels).Select(t => w[t * channels + c]));
    }

    /// <summary>Filters whose output channel c is the c-th contiguous row.</summary>
    private static FoldedRequantization? Rows(Graph graph, Operator op, Activation activation)
    {
        var filter = graph[op.Inputs[1]];
        if (filter.Type != DataType.Int8) return null;
        var w = filter.Int8Data.ToArray();
        var channels = filter.Shape[0];
        var row = w.Length / channels;
        return FoldedRequantization.TryCreate(graph[op.Inputs[0]], filter, Bias(graph, op), graph[op.Output], activation,
            channels, c => w.Skip(c * row).Take(row));
    }

    private static Tensor? Bias(Graph graph, Operator op) => op.HasInput(2) ? graph[op.Inputs[2]] : null;
}
