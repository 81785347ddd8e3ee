using EdgeGen.Ir;

namespace EdgeGen.Planning;

/// <summary>
/// Tensors that share one buffer (a union-find over activation tensors), each at a byte offset inside it. A group
/// may hold at most one graph input or one graph output; such a group lives in the caller's buffer, not the arena,
/// and only groups whose members all start at offset 0 may do so (the caller's buffer is exactly one tensor).
/// </summary>
internal sealed class BufferGroups
{
    private readonly Graph _graph;
    private readonly Dictionary<int, int> _parent = new();

    /// <summary>Each tensor's offset relative to its group's common origin (may be negative; see <see cref="Offset"/>).</summary>
    private readonly Dictionary<int, int> _offset = new();

    /// <param name="tensors">The activation tensors to group (those some operator or the graph's interface uses).</param>
    public BufferGroups(Graph graph, IEnumerable<int> tensors)
    {
        _graph = graph;
        foreach (var id in tensors)
        {
            _parent[id] = id;
            _offset[id] = 0;
        }
    }

    private BufferGroups(BufferGroups other)
    {
        _graph = other._graph;
        _parent = new Dictionary<int, int>(other._parent);
        _offset = new Dictionary<int, int>(other._offset);
    }

    /// <summary>An independent copy, to try a join and keep it only if the plan improves.</summary>
    public BufferGroups Copy() => new(this);

    private int Root(int id) => _parent[id] == id ? id : _parent[id] = Root(_parent[id]);

    public IEnumerable<int> Members(int id)
    {
        var root = Root(id);
        return _parent.Keys.Where(k => Root(k) == root);
    }

    /// <summary>Joins two tensors' groups unless that would put two external buffers (inputs/outputs) together or mix sizes.</summary>
    public bool TryJoin(int a, int b)
    {
        var merged = Members(a).Concat(Members(b)).Distinct().ToList();
        var externals = merged.Count(IsExternal);
        if (externals > 1) return false;
        if (merged.Select(m => _graph[m].ByteSize).Distinct().Count() > 1) return false;
        if (externals == 1 && !(Flat(a) && Flat(b))) return false;
        Place(a, b, 0);
        return true;
    }

    /// <summary>
    /// Places <paramref name="output"/>'s group so that the output starts <paramref name="lead"/> bytes before
    /// <paramref name="input"/>: an operator whose kernel writes its output only over input bytes it has read for the
    /// last time. Both groups must live in the arena.
    /// </summary>
    public bool TryOverlap(int input, int output, int lead)
    {
        if (Root(input) == Root(output) || lead < 0) return false;
        if (Members(input).Concat(Members(output)).Any(IsExternal)) return false;
        Place(input, output, -lead);
        return true;
    }

    /// <summary>Moves b's whole group into a's, b at a's offset plus <paramref name="delta"/>.</summary>
    private void Place(int a, int b, int delta)
    {
        if (Root(a) == Root(b)) return;
        var shift = _offset[a] + delta - _offset[b];
        foreach (var m in Members(b).ToList()) _offset[m] += shift;
        _parent[Root(b)] = Root(a);
    }

    /// <summary>True when every member of the tensor's group starts where it does (a plain shared buffer).</summary>
    private bool Flat(int id) => Members(id).All(m => _offset[m] == _offset[id]);

    private bool IsExternal(int m) => _graph.Inputs.Contains(m) || _graph.Outputs.Contains(m);

    public IEnumerable<List<int>> All() => _parent.Keys
        .GroupBy(Root)
        .Select(g => g.Order().ToList())
        .OrderBy(g => g[0]);

    /// <summary>A member's byte offset inside its group's buffer (the group's lowest member starts at 0).</summary>
    public int Offset(int member) => _offset[member] - Members(member).Min(m => _offset[m]);

    /// <summary>The bytes a group's buffer spans: from its lowest member's start to its highest member's end.</summary>
    public int Extent(IReadOnlyList<int> members, Func<int, int> size) =>
        members.Max(m => _offset[m] + size(m)) - members.Min(m => _offset[m]);

    /// <summary>The caller's buffer a group lives in, or null for an arena group.</summary>
    public TensorStorage? ExternalStorage(List<int> members)
    {
        foreach (var m in members)
        {
            var input = _graph.Inputs.IndexOf(m);
            if (input >= 0) return TensorStorage.Input(input);
            var output = _graph.Outputs.IndexOf(m);
            if (output >= 0) return TensorStorage.Output(output);
        }
        return null;
    }
}
