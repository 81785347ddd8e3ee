using EdgeGen.Ir;

namespace EdgeGen.Planning;

/// <summary>
/// Tensors that share one buffer (a union-find over activation tensors). A group may hold at most
/// one graph input or one graph output; such a group lives in the caller's buffer, not the arena.
/// </summary>
internal sealed class BufferGroups
{
    private readonly Graph _graph;
    private readonly Dictionary<int, int> _parent = new();

    /// <param name="tensors">The activation tensors to group (those some operator or the graph's interface uses).</param>
    public BufferGroups(Graph graph, IEnumerable<int> tensors)
    {
        _graph = graph;
        foreach (var id in tensors) _parent[id] = id;
    }

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
        var externals = merged.Count(m => _graph.Inputs.Contains(m)) + merged.Count(m => _graph.Outputs.Contains(m));
        if (externals > 1) return false;
        if (merged.Select(m => _graph[m].ByteSize).Distinct().Count() > 1) return false;
        _parent[Root(a)] = Root(b);
        return true;
    }

    public IEnumerable<List<int>> All() => _parent.Keys
        .GroupBy(Root)
        .Select(g => g.Order().ToList())
        .OrderBy(g => g[0]);

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
