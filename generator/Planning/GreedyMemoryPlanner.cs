namespace EdgeGen.Planning;

/// <summary>
/// Places buffers with known lifetimes in one arena, largest first, each at the lowest offset
/// where it overlaps no already-placed buffer that is alive at the same time (the idea of TFLite
/// Micro's greedy planner). Deterministic: ties break by the order buffers were added.
/// </summary>
public sealed class GreedyMemoryPlanner
{
    private readonly List<(int Size, int FirstUse, int LastUse, int Alignment)> _buffers = new();
    private int[]? _offsets;

    /// <summary>Adds a buffer alive from step <paramref name="firstUse"/> through <paramref name="lastUse"/> (inclusive); returns its index.</summary>
    public int Add(int size, int firstUse, int lastUse, int alignment = 4)
    {
        if (size < 0 || lastUse < firstUse || alignment <= 0) throw new ArgumentException("invalid buffer");
        _buffers.Add((size, firstUse, lastUse, alignment));
        _offsets = null;
        return _buffers.Count - 1;
    }

    public int Count => _buffers.Count;

    public int OffsetOf(int buffer) => Offsets()[buffer];

    /// <summary>The arena size: the highest end of any placed buffer.</summary>
    public int HighWaterMark
    {
        get
        {
            var offsets = Offsets();
            var high = 0;
            for (var i = 0; i < _buffers.Count; i++) high = Math.Max(high, offsets[i] + _buffers[i].Size);
            return high;
        }
    }

    /// <summary>Bytes alive at one step (the lower bound any plan must reach at that step).</summary>
    public int LiveBytesAt(int step) => _buffers.Where(b => b.FirstUse <= step && step <= b.LastUse).Sum(b => b.Size);

    private int[] Offsets()
    {
        if (_offsets is not null) return _offsets;
        var order = Enumerable.Range(0, _buffers.Count)
            .OrderByDescending(i => _buffers[i].Size)
            .ThenBy(i => i)
            .ToList();
        var offsets = new int[_buffers.Count];
        var placed = new List<int>();
        foreach (var i in order)
        {
            var b = _buffers[i];
            var conflicts = placed
                .Where(j => _buffers[j].FirstUse <= b.LastUse && b.FirstUse <= _buffers[j].LastUse)
                .OrderBy(j => offsets[j])
                .ToList();
            var candidate = 0L;
            foreach (var j in conflicts)
            {
                if (candidate + b.Size <= offsets[j]) break;
                candidate = Math.Max(candidate, Align((long)offsets[j] + _buffers[j].Size, b.Alignment));
            }
            // Offsets are ints (as on the targets): an arena past 2 GiB is a model no target can run.
            if (candidate + b.Size > int.MaxValue)
                throw new EdgeGenException($"the activation buffers need more than {int.MaxValue} bytes at once; no target has such an arena");
            offsets[i] = (int)candidate;
            placed.Add(i);
        }
        return _offsets = offsets;
    }

    private static long Align(long value, int alignment) => (value + alignment - 1) / alignment * alignment;
}
