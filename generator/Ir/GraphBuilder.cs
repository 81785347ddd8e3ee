using System.Collections.Immutable;
using System.Runtime.InteropServices;

namespace EdgeGen.Ir;

/// <summary>
/// Assembles a <see cref="Graph"/> in code (example models, tests): tensors get ids in the order
/// they are added, operators run in the order they are added. It checks nothing; the importer's
/// <c>GraphValidator</c> does that when the graph is written and read back.
/// </summary>
public sealed class GraphBuilder
{
    private readonly string _name;
    private readonly List<Tensor> _tensors = new();
    private readonly List<Operator> _operators = new();
    private readonly List<int> _inputs = new();
    private readonly List<int> _outputs = new();

    public GraphBuilder(string name) => _name = name;

    /// <summary>An activation tensor that is also a graph input.</summary>
    public int Input(string name, Shape shape, DataType type, Quantization? quantization = null)
    {
        var id = Activation(name, shape, type, quantization);
        _inputs.Add(id);
        return id;
    }

    public int Activation(string name, Shape shape, DataType type, Quantization? quantization = null) =>
        AddTensor(name, shape, type, quantization, data: null);

    public int Constant(string name, Shape shape, DataType type, byte[] data, Quantization? quantization = null) =>
        AddTensor(name, shape, type, quantization, data);

    public int Constant<T>(string name, Shape shape, DataType type, ReadOnlySpan<T> values, Quantization? quantization = null) where T : struct =>
        Constant(name, shape, type, MemoryMarshal.AsBytes(values).ToArray(), quantization);

    public T Add<T>(T op) where T : Operator
    {
        _operators.Add(op);
        return op;
    }

    public void Output(int tensorId) => _outputs.Add(tensorId);

    public Graph Build() => new(_name, _tensors.ToImmutableArray(), _operators.ToImmutableArray(), _inputs.ToImmutableArray(), _outputs.ToImmutableArray());

    private int AddTensor(string name, Shape shape, DataType type, Quantization? quantization, byte[]? data)
    {
        var id = _tensors.Count;
        _tensors.Add(new Tensor(id, name, shape, type, quantization, data));
        return id;
    }
}
