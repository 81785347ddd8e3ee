using EdgeGen.Ir;
using EdgeGen.Ir.Ops;
using EdgeGen.Planning.Patches;

namespace EdgeGen.Planning.Mixed;

/// <summary>
/// BitOPs (MACs × weight bits × activation bits) of the operators an inference runs. A low-bit
/// path operator reads an unpacked feature map: its activation bits are the packed format's.
/// </summary>
public static class BitOps
{
    /// <summary>Every operator of a (patched) graph at its tensors' own widths.</summary>
    public static long Of(Graph graph) => Enumerable.Range(0, graph.Operators.Length).Sum(i => Of(graph, i));

    /// <summary>A mixed graph with the given outlier decision per tile (int8 path for outliers).</summary>
    public static long Of(MixedGraph mixed, IReadOnlyList<bool> outliers)
    {
        long total = 0;
        for (var i = 0; i < mixed.Graph.Operators.Length; i++)
        {
            var path = mixed.Paths[i];
            if (path != MixedPath.Always && (path == MixedPath.EightBit) != outliers[mixed.Patched.Tiles[i]]) continue;
            total += Of(mixed.Graph, i);
        }
        return total;
    }

    /// <summary>The BitOPs of the patch stage alone (operators before the split tensor is whole).</summary>
    public static long OfStage(MixedGraph mixed, IReadOnlyList<bool> outliers) =>
        Of(mixed, outliers) - Enumerable.Range(0, mixed.Graph.Operators.Length).Where(i => mixed.Patched.Tiles[i] < 0).Sum(i => Of(mixed.Graph, i));

    private static long Of(Graph graph, int i)
    {
        var op = graph.Operators[i];
        var macs = op.Macs(graph);
        if (macs == 0) return 0;
        var activation = op.Inputs.Where(id => id >= 0 && !graph[id].IsConstant).Select(id => ActivationBits(graph, id)).DefaultIfEmpty(8).Max();
        var weights = op.Inputs.Where(id => id >= 0 && graph[id].IsConstant).Select(id => graph[id].Type.SizeInBytes() * 8).DefaultIfEmpty(8).First();
        return macs * weights * activation;
    }

    private static int ActivationBits(Graph graph, int tensor)
    {
        var producer = graph.ProducerOf(tensor);
        return producer < 0 ? graph[tensor].Type.SizeInBytes() * 8 : graph.Operators[producer] switch
        {
            UnpackLowBit u => u.Format.Bits,
            CropPatch crop => ActivationBits(graph, crop.Inputs[0]),  // a part of an unpacked patch
            _ => graph[tensor].Type.SizeInBytes() * 8,
        };
    }
}
