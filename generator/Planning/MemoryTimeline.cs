using EdgeGen.Ir;

namespace EdgeGen.Planning;

/// <summary>One buffer of the arena over the schedule: alive from step First through Last at [Offset, Offset + Bytes).</summary>
public sealed record ArenaBlock(string Name, int First, int Last, int Offset, int Bytes, bool IsScratch);

/// <summary>
/// The arena of a memory plan laid out over the schedule: which bytes each step uses, so that the
/// operators that set the arena's size can be seen (and drawn).
/// </summary>
public sealed record MemoryTimeline(int Steps, IReadOnlyList<ArenaBlock> Blocks, int ArenaBytes)
{
    public static MemoryTimeline Of(Graph graph, MemoryPlan plan)
    {
        var blocks = new List<ArenaBlock>();
        foreach (var (id, (first, last)) in TensorLifetimes.Compute(graph).OrderBy(kv => kv.Key))
            if (plan.Storage.TryGetValue(id, out var s) && s.Kind == StorageKind.Arena)
                blocks.Add(new ArenaBlock(graph[id].Name, first, last, s.Offset, graph[id].ByteSize, false));
        foreach (var (op, (offset, bytes)) in plan.Scratch.OrderBy(kv => kv.Key))
            blocks.Add(new ArenaBlock($"scratch of operator #{op}", op, op, offset, bytes, true));
        return new MemoryTimeline(graph.Operators.Length, blocks, plan.ArenaBytes);
    }

    /// <summary>
    /// The arena bytes in use at a step: the union of the live buffers (a view inside its parent,
    /// or tensors sharing a buffer in place, count once). The arena is at least the largest of these.
    /// </summary>
    public int LiveBytesAt(int step)
    {
        var live = Blocks.Where(b => b.First <= step && step <= b.Last && b.Bytes > 0).OrderBy(b => b.Offset).ToList();
        int total = 0, end = 0;
        foreach (var b in live)
        {
            var start = Math.Max(b.Offset, end);
            if (b.Offset + b.Bytes > start) total += b.Offset + b.Bytes - start;
            end = Math.Max(end, b.Offset + b.Bytes);
        }
        return total;
    }
}
