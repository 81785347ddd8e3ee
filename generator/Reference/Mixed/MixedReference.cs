using EdgeGen.Planning.Mixed;

namespace EdgeGen.Reference.Mixed;

/// <summary>
/// The reference interpreter running a mixed-precision plan: per tile, the outlier check on the
/// tile's input window picks the int8 or the low-bit path, and only that path's operators run.
/// The generated C runs the same decision, so its output is tested bit-exact against this.
/// </summary>
public static class MixedReference
{
    public sealed record Result(byte[][] Outputs, bool[] Outliers);

    public static Result Run(MixedGraph mixed, IReadOnlyList<byte[]> inputs)
    {
        var graph = mixed.Graph;
        ReferenceInterpreter.CheckInputs(graph, inputs);
        var store = new TensorStore(graph);
        for (var i = 0; i < inputs.Count; i++) store.Set(graph.Inputs[i], (byte[])inputs[i].Clone());
        var outliers = new bool?[mixed.Checked.Length];
        for (var i = 0; i < graph.Operators.Length; i++)
        {
            var path = mixed.Paths[i];
            if (path != MixedPath.Always)
            {
                var tile = mixed.Patched.Tiles[i];
                outliers[tile] ??= mixed.IsOutlier(tile, id => store.Int8(id));
                if ((path == MixedPath.EightBit) != outliers[tile]) continue;
            }
            ReferenceInterpreter.RunOperator(graph, i, store);
        }
        var outputs = graph.Outputs.Select(id => (byte[])store.Bytes(id).Clone()).ToArray();
        return new Result(outputs, outliers.Select(o => o ?? false).ToArray());
    }
}
