using System.Collections.Immutable;
using System.Runtime.InteropServices;
using EdgeGen.Ir;

namespace EdgeGen.Tests.Support;

/// <summary>Builds small single-operator graphs with seeded random weights, for kernel paths no shared model reaches.</summary>
public sealed class TinyGraph
{
    private readonly List<Tensor> _tensors = new();
    private readonly Random _rng;

    public TinyGraph(int seed) => _rng = new Random(seed);

    public int Activation(DataType type, int[] shape, float scale = 0, int zeroPoint = 0) =>
        Add(type, shape, type == DataType.Float32 ? null : Quantization.PerTensor(scale, zeroPoint), null);

    /// <summary>A constant int8 filter with one scale per index of <paramref name="axis"/>.</summary>
    public int Filter(int[] shape, int axis)
    {
        var channels = shape[axis];
        var scales = Enumerable.Range(0, channels).Select(_ => (float)(0.002 + _rng.NextDouble() * 0.02)).ToImmutableArray();
        var data = new byte[shape.Aggregate(1, (a, b) => a * b)];
        _rng.NextBytes(data);
        return Add(DataType.Int8, shape, new Quantization(scales, Enumerable.Repeat(0L, channels).ToImmutableArray(), axis), data);
    }

    /// <summary>A constant bias: int32 values for int8 kernels, int64 for 16x8 ones.</summary>
    public int Bias(int count, DataType type)
    {
        var values = Enumerable.Range(0, count).Select(_ => (long)_rng.Next(-20000, 20000)).ToArray();
        var data = type == DataType.Int64
            ? MemoryMarshal.AsBytes(values.AsSpan()).ToArray()
            : MemoryMarshal.AsBytes(values.Select(v => (int)v).ToArray().AsSpan()).ToArray();
        return Add(type, [count], null, data);
    }

    public int Int32Constant(int[] shape, params int[] values) => Add(DataType.Int32, shape, null, MemoryMarshal.AsBytes(values.AsSpan()).ToArray());

    public Graph Build(string name, Operator op, params int[] inputs)
    {
        var graph = new Graph(name, _tensors.ToImmutableArray(), [op], inputs.ToImmutableArray(), [op.Output]);
        op.Validate(graph);
        return graph;
    }

    /// <summary>Random raw bytes for every graph input (floats in [-8, 8)).</summary>
    public byte[][] Inputs(Graph graph) => graph.InputTensors.Select(t =>
    {
        if (t.Type != DataType.Float32)
        {
            var bytes = new byte[t.ByteSize];
            _rng.NextBytes(bytes);
            return bytes;
        }
        var floats = Enumerable.Range(0, t.Shape.ElementCount).Select(_ => (float)(_rng.NextDouble() * 16 - 8)).ToArray();
        return MemoryMarshal.AsBytes(floats.AsSpan()).ToArray();
    }).ToArray();

    private int Add(DataType type, int[] shape, Quantization? q, byte[]? data)
    {
        var id = _tensors.Count;
        _tensors.Add(new Tensor(id, $"t{id}", new Shape(shape), type, q, data));
        return id;
    }
}
