using EdgeGen.Ir;

namespace EdgeGen.Planning;

/// <summary>
/// First and last operator step at which each activation tensor is alive. Graph inputs are alive
/// from step 0, graph outputs until the last step. Constants have no lifetime (they live in flash).
/// </summary>
public static class TensorLifetimes
{
    public static Dictionary<int, (int First, int Last)> Compute(Graph graph)
    {
        var last = Math.Max(graph.Operators.Length - 1, 0);
        var result = new Dictionary<int, (int First, int Last)>();
        void Touch(int id, int step)
        {
            if (id < 0 || graph[id].IsConstant) return;
            result[id] = result.TryGetValue(id, out var r) ? (Math.Min(r.First, step), Math.Max(r.Last, step)) : (step, step);
        }
        foreach (var id in graph.Inputs) Touch(id, 0);
        for (var i = 0; i < graph.Operators.Length; i++)
        {
            foreach (var id in graph.Operators[i].Inputs) Touch(id, i);
            foreach (var id in graph.Operators[i].Outputs) Touch(id, i);
        }
        foreach (var id in graph.Outputs) Touch(id, last);
        return result;
    }

    /// <summary>The arena of the plain lifetime plan (no in-place, no scratch): what `inspect` reports.</summary>
    public static int SimplePeakBytes(Graph graph)
    {
        var planner = new GreedyMemoryPlanner();
        foreach (var (id, (first, last)) in Compute(graph).OrderBy(kv => kv.Key))
            planner.Add(graph[id].ByteSize, first, last);
        return planner.HighWaterMark;
    }
}
