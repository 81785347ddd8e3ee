using System.Collections.Immutable;
using System.Runtime.InteropServices;
using EdgeGen.Import.TFLite;
using EdgeGen.Ir;
using EdgeGen.Reference;

namespace EdgeGen.Tests.Support;

/// <summary>Builds small graphs in code for unit tests: tensors first, then the operators, then Build (validated as the importer would).</summary>
public sealed class UnitGraphBuilder
{
    private readonly List<Tensor> _tensors = new();
    private readonly List<Operator> _operators = new();

    /// <summary>An activation tensor; quantized when a scale is given.</summary>
    public int Activation(DataType type, int[] shape, float? scale = null, long zeroPoint = 0) =>
        Add(type, shape, scale is { } s ? Quantization.PerTensor(s, zeroPoint) : null, null);

    /// <summary>A constant tensor holding <paramref name="values"/> (little-endian, the element type of <typeparamref name="T"/>).</summary>
    public int Constant<T>(DataType type, int[] shape, T[] values, Quantization? quantization = null) where T : unmanaged =>
        Add(type, shape, quantization, MemoryMarshal.AsBytes(values.AsSpan()).ToArray());

    public UnitGraphBuilder Op(Operator op)
    {
        _operators.Add(op);
        return this;
    }

    public Graph Build(int[] inputs, int[] outputs)
    {
        var graph = new Graph("test", _tensors.ToImmutableArray(), _operators.ToImmutableArray(), inputs.ToImmutableArray(), outputs.ToImmutableArray());
        GraphValidator.Validate(graph, "test");
        return graph;
    }

    /// <summary>Runs a graph with one integer input per graph input and returns its first output widened.</summary>
    public static long[] Run(Graph graph, params long[][] inputs)
    {
        var bytes = inputs.Select((values, i) => IntegerBytes.ToBytes(values, graph[graph.Inputs[i]].Type)).ToArray();
        var output = ReferenceInterpreter.Run(graph, bytes)[0];
        return IntegerBytes.FromBytes(output, graph[graph.Outputs[0]].Type);
    }

    private int Add(DataType type, int[] shape, Quantization? quantization, byte[]? data)
    {
        var id = _tensors.Count;
        _tensors.Add(new Tensor(id, $"t{id}", new Shape(shape), type, quantization, data));
        return id;
    }
}
