using EdgeGen.Ir;

namespace EdgeGen.Planning.Patches;

/// <summary>
/// Where a patch stage may end. The stage is a prefix of the operators, ops #0..#split, that runs
/// patch by patch; it may end at operator #split when every operator in it is spatially local on
/// NHWC tensors and the split operator's output is the only tensor the rest of the graph reads
/// from the stage.
/// </summary>
public static class PatchStage
{
    /// <summary>Null when ops #0..#<paramref name="split"/> can form a patch stage, else why not (naming the operator or tensor).</summary>
    public static string? WhyNotSplit(Graph graph, int split)
    {
        if (split < 0 || split >= graph.Operators.Length)
            return $"the model has operators #0..#{graph.Operators.Length - 1}, there is no operator #{split}";
        for (var i = 0; i <= split; i++)
        {
            var op = graph.Operators[i];
            if (PatchRules.WhyNotLocal(graph, op) is { } reason) return $"operator #{i} {op.Kind} cannot run patch by patch: {reason}";
            if (op.Outputs.Length != 1) return $"operator #{i} {op.Kind} has {op.Outputs.Length} outputs";
        }
        var splitTensor = graph[graph.Operators[split].Output];
        if (splitTensor.Shape[1] * splitTensor.Shape[2] < 2)
            return $"the output of operator #{split} '{splitTensor.Name}' {splitTensor.Shape} has a single pixel; there is nothing to split";
        for (var i = 0; i <= split; i++)
        {
            var output = graph.Operators[i].Output;
            if (output == splitTensor.Id) continue;
            if (graph.Outputs.Contains(output))
                return $"tensor '{graph[output].Name}' (output of operator #{i}) is a model output and would have to be assembled whole";
            for (var j = split + 1; j < graph.Operators.Length; j++)
                if (graph.Operators[j].Inputs.Contains(output))
                    return $"operator #{j} {graph.Operators[j].Kind} reads tensor '{graph[output].Name}' from inside the stage (only the output of #{split} may leave it)";
        }
        return null;
    }

    /// <summary>Every operator index where a patch stage can end, in order.</summary>
    public static IReadOnlyList<int> SplitPoints(Graph graph) =>
        Enumerable.Range(0, graph.Operators.Length).Where(i => WhyNotSplit(graph, i) is null).ToList();
}
