using EdgeGen.Ir;

namespace EdgeGen.Planning.Patches;

/// <summary>
/// The exact receptive field of a tile of the split operator's output: for every stage tensor
/// (the graph input included) the window the tile's operators read, computed backwards from the
/// split operator with each operator's rule (the hull where several operators read one tensor).
/// Windows are clipped to the tensors; what is clipped away is the patch's padding.
/// </summary>
public static class ReceptiveField
{
    public static IReadOnlyDictionary<int, Rect> For(Graph graph, int split, Rect tile)
    {
        var needed = new Dictionary<int, Rect> { [graph.Operators[split].Output] = tile };
        for (var i = split; i >= 0; i--)
        {
            var op = graph.Operators[i];
            if (!needed.TryGetValue(op.Output, out var output)) continue;
            var rule = PatchRules.For(op) ?? throw new InvalidOperationException($"operator #{i} {op.Kind} has no patch rule");
            var windows = rule.InputWindows(graph, op, output);
            for (var j = 0; j < op.Inputs.Length; j++)
            {
                if (windows[j] is not { } w) continue;
                var id = op.Inputs[j];
                needed[id] = needed.TryGetValue(id, out var seen) ? seen.Hull(w) : w;
            }
        }
        return needed;
    }
}
