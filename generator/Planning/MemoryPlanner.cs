using EdgeGen.Ir;
using EdgeGen.Ir.Ops;

namespace EdgeGen.Planning;

/// <summary>
/// Builds the <see cref="MemoryPlan"/>: tensors joined into buffers where no copy is needed
/// (RESHAPE's output is its input; an operator that may run in place writes over an input that
/// dies there), graph inputs and outputs kept in the caller's buffers, and the remaining buffers
/// plus per-operator scratch placed in one arena by the greedy planner.
/// </summary>
public static class MemoryPlanner
{
    /// <param name="scratchBytes">Scratch each operator needs (by operator index), e.g. an im2col row.</param>
    /// <param name="allowInPlace">Whether operators that can run in place may share their input's buffer.</param>
    /// <param name="views">Tensors stored inside another tensor's buffer (see <see cref="TensorView"/>); parents are not views.</param>
    /// <param name="outputLead">
    /// For operators whose kernel may write its output over its input (see <see cref="OverlapLead"/>): how many bytes
    /// before the input the output must start, or null where it may not. Such an overlap is kept only where it lowers
    /// (or keeps) the arena.
    /// </param>
    public static MemoryPlan Plan(Graph graph, Func<int, int> scratchBytes, bool allowInPlace = true, IReadOnlyDictionary<int, TensorView>? views = null,
        Func<int, int?>? outputLead = null)
    {
        views ??= new Dictionary<int, TensorView>();
        var lifetimes = TensorLifetimes.Compute(graph);
        var viewExtent = ApplyViews(graph, lifetimes, views);
        var groups = new BufferGroups(graph, lifetimes.Keys.Order());
        for (var i = 0; i < graph.Operators.Length; i++)
        {
            var op = graph.Operators[i];
            var input = op.Inputs.Length > 0 ? op.Inputs[0] : -1;
            if (input < 0 || graph[input].IsConstant) continue;
            if (views.ContainsKey(input) || views.ContainsKey(op.Output)) continue;
            var viewOnly = op is Reshape;
            if (!viewOnly && !(allowInPlace && op.CanRunInPlace(graph) && DiesAt(graph, lifetimes, groups, input, i))) continue;
            groups.TryJoin(input, op.Output);
        }

        if (allowInPlace && outputLead is not null) groups = Overlap(graph, lifetimes, groups, views, outputLead, g => Place(graph, lifetimes, viewExtent, g, scratchBytes, views).ArenaBytes);
        return Place(graph, lifetimes, viewExtent, groups, scratchBytes, views);
    }

    /// <summary>Joins each operator's output to its dying input at the kernel's lead, where that does not grow the arena.</summary>
    private static BufferGroups Overlap(Graph graph, Dictionary<int, (int First, int Last)> lifetimes, BufferGroups groups,
        IReadOnlyDictionary<int, TensorView> views, Func<int, int?> outputLead, Func<BufferGroups, int> arena)
    {
        var best = arena(groups);
        for (var i = 0; i < graph.Operators.Length; i++)
        {
            var op = graph.Operators[i];
            var input = op.Inputs.Length > 0 ? op.Inputs[0] : -1;
            if (input < 0 || graph[input].IsConstant || views.ContainsKey(input) || views.ContainsKey(op.Output)) continue;
            if (outputLead(i) is not { } lead || !DiesAt(graph, lifetimes, groups, input, i)) continue;
            var trial = groups.Copy();
            if (!trial.TryOverlap(input, op.Output, lead)) continue;
            var bytes = arena(trial);
            if (bytes > best) continue;
            (groups, best) = (trial, bytes);
        }
        return groups;
    }

    private static MemoryPlan Place(Graph graph, Dictionary<int, (int First, int Last)> lifetimes, Dictionary<int, int> viewExtent,
        BufferGroups groups, Func<int, int> scratchBytes, IReadOnlyDictionary<int, TensorView> views)
    {
        var storage = new Dictionary<int, TensorStorage>();
        foreach (var t in graph.Tensors.Where(t => t.IsConstant)) storage[t.Id] = TensorStorage.Constant;
        var planner = new GreedyMemoryPlanner();
        var arenaBuffers = new List<(int Buffer, List<int> Members)>();
        foreach (var members in groups.All())
        {
            var external = groups.ExternalStorage(members);
            if (external is not null)
            {
                foreach (var m in members) storage[m] = external;
                continue;
            }
            var first = members.Min(m => lifetimes[m].First);
            var last = members.Max(m => lifetimes[m].Last);
            var size = groups.Extent(members, m => Math.Max(graph[m].ByteSize, viewExtent.GetValueOrDefault(m)));
            arenaBuffers.Add((planner.Add(size, first, last, alignment: 16), members));
        }
        var scratchIds = new Dictionary<int, int>();
        for (var i = 0; i < graph.Operators.Length; i++)
        {
            var bytes = scratchBytes(i);
            if (bytes > 0) scratchIds[i] = planner.Add(bytes, i, i, alignment: 16);
        }
        foreach (var (buffer, members) in arenaBuffers)
            foreach (var m in members) storage[m] = TensorStorage.Arena(planner.OffsetOf(buffer) + groups.Offset(m));
        foreach (var (view, (parent, offset)) in views)
            storage[view] = storage[parent] with { Offset = storage[parent].Offset + offset };
        var scratch = scratchIds.ToDictionary(kv => kv.Key, kv => (planner.OffsetOf(kv.Value), scratchBytes(kv.Key)));
        return new MemoryPlan(storage, scratch, planner.HighWaterMark);
    }

    /// <summary>
    /// Takes views out of the lifetimes: each parent lives as long as any of its views, and its
    /// buffer must reach the end of every view. Returns the bytes each parent must span.
    /// </summary>
    private static Dictionary<int, int> ApplyViews(Graph graph, Dictionary<int, (int First, int Last)> lifetimes, IReadOnlyDictionary<int, TensorView> views)
    {
        var extent = new Dictionary<int, int>();
        foreach (var (view, (parent, offset)) in views.OrderBy(v => v.Key))
        {
            if (views.ContainsKey(parent)) throw new InvalidOperationException($"view '{graph[view].Name}' has a parent that is itself a view");
            if (offset < 0) throw new InvalidOperationException($"view '{graph[view].Name}' has a negative offset");
            extent[parent] = Math.Max(extent.GetValueOrDefault(parent), offset + graph[view].ByteSize);
            if (!lifetimes.Remove(view, out var life)) continue;
            lifetimes[parent] = lifetimes.TryGetValue(parent, out var p) ? (Math.Min(p.First, life.First), Math.Max(p.Last, life.Last)) : life;
        }
        foreach (var (parent, bytes) in extent)
            if (graph.Inputs.Contains(parent) || graph.Outputs.Contains(parent))
                if (bytes > graph[parent].ByteSize) throw new InvalidOperationException($"a view reaches past the caller's buffer '{graph[parent].Name}'");
        return extent;
    }

    /// <summary>True when no operator after <paramref name="step"/> reads the buffer holding <paramref name="tensor"/>.</summary>
    /// The caller's input buffers are read-only, so a group holding a graph input never dies into an in-place write.
    private static bool DiesAt(Graph graph, Dictionary<int, (int First, int Last)> lifetimes, BufferGroups groups, int tensor, int step) =>
        groups.Members(tensor).All(m => lifetimes[m].Last <= step && !graph.Outputs.Contains(m) && !graph.Inputs.Contains(m));
}
