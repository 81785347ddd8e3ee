using EdgeGen.Ir;

namespace EdgeGen.Import.TFLite;

/// <summary>
/// Graph-level checks after import: each operator's own shape and type rules, and a data flow
/// that runs in the stored order (every activation read was produced before, or is a graph input).
/// </summary>
public static class GraphValidator
{
    public static void Validate(Graph graph, string source)
    {
        if (graph.Inputs.Length == 0) throw new EdgeGenException($"{source}: the model has no inputs");
        if (graph.Outputs.Length == 0) throw new EdgeGenException($"{source}: the model has no outputs");
        var available = new HashSet<int>(graph.Inputs);
        foreach (var t in graph.Tensors) if (t.IsConstant) available.Add(t.Id);
        foreach (var id in graph.Inputs)
            if (graph[id].IsConstant) throw new EdgeGenException($"{source}: graph input '{graph[id].Name}' is a constant");

        for (var i = 0; i < graph.Operators.Length; i++)
        {
            var op = graph.Operators[i];
            try
            {
                op.Validate(graph);
            }
            catch (EdgeGenException e)
            {
                throw new EdgeGenException($"{source}: operator #{i} {e.Message}");
            }
            foreach (var input in op.Inputs)
                if (input >= 0 && !available.Contains(input))
                    throw new EdgeGenException($"{source}: operator #{i} {op.Kind} reads tensor '{graph[input].Name}' before any operator writes it");
            foreach (var output in op.Outputs)
            {
                if (graph[output].IsConstant) throw new EdgeGenException($"{source}: operator #{i} {op.Kind} writes constant tensor '{graph[output].Name}'");
                if (!available.Add(output)) throw new EdgeGenException($"{source}: operator #{i} {op.Kind} writes tensor '{graph[output].Name}' a second time");
            }
        }
        foreach (var id in graph.Outputs)
            if (!available.Contains(id)) throw new EdgeGenException($"{source}: graph output '{graph[id].Name}' is never written");
    }
}
