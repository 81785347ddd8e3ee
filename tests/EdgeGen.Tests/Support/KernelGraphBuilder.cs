using System.Collections.Immutable;
using System.Runtime.InteropServices;
using EdgeGen.Ir;

namespace EdgeGen.Tests.Support;

/// <summary>
/// Hand-built int8 graphs for kernel tests, made of the IR records directly: tensors with seeded random
/// weights and biases, per-tensor or per-channel quantization, and operators appended in execution order.
/// </summary>
public sealed class KernelGraphBuilder(string name, int seed = 1)
{
    private readonly List<Tensor> _tensors = new();
    private readonly List<Operator> _operators = new();
    private readonly List<int> _inputs = new();
    private readonly List<int> _outputs = new();
    public Random Rng { get; } = new(seed);

    public int Input(Shape shape, float scale, int zeroPoint)
    {
        var id = Activation(shape, scale, zeroPoint);
        _inputs.Add(id);
        return id;
    }

    public int Activation(Shape shape, float scale, int zeroPoint, DataType type = DataType.Int8) =>
        Add(shape, type, Quantization.PerTensor(scale, zeroPoint), null);

    /// <summary>Random int8 weights in [-limit, limit]; per-channel scales along <paramref name="axis"/> when <paramref name="perChannel"/>.</summary>
    public int Weights(Shape shape, int axis, bool perChannel, float scale = 0.01f, int limit = 127)
    {
        var values = new sbyte[shape.ElementCount];
        for (var i = 0; i < values.Length; i++) values[i] = (sbyte)Rng.Next(-limit, limit + 1);
        var channels = shape[axis];
        var quant = perChannel
            ? new Quantization(Enumerable.Range(0, channels).Select(c => scale * (0.5f + (float)Rng.NextDouble())).ToImmutableArray(),
                Enumerable.Repeat(0L, channels).ToImmutableArray(), axis)
            : Quantization.PerTensor(scale, 0);
        return Add(shape, DataType.Int8, quant, MemoryMarshal.AsBytes(values.AsSpan()).ToArray());
    }

    /// <summary>Int8 weights with the given values (ternary layers, edge cases); scales as in <see cref="Weights(Shape, int, bool, float, int)"/>.</summary>
    public int Weights(Shape shape, int axis, bool perChannel, sbyte[] values, float scale = 0.01f)
    {
        var id = Weights(shape, axis, perChannel, scale);
        MemoryMarshal.AsBytes(values.AsSpan()).CopyTo(_tensors[id].Data);
        return id;
    }

    /// <summary>Sets the weights of one output channel to zero (a dead channel, as real models have).</summary>
    public void ZeroChannel(int weights, int axis, int channel)
    {
        var t = _tensors[weights];
        var data = t.Data!;
        var shape = t.Shape;
        var inner = 1;
        for (var d = axis + 1; d < shape.Rank; d++) inner *= shape[d];
        for (var i = 0; i < data.Length; i++)
            if (i / inner % shape[axis] == channel) data[i] = 0;
    }

    public int Bias(int count, int limit = 5000)
    {
        var values = new int[count];
        for (var i = 0; i < count; i++) values[i] = Rng.Next(-limit, limit + 1);
        return Add(new Shape(count), DataType.Int32, Quantization.PerTensor(1, 0), MemoryMarshal.AsBytes(values.AsSpan()).ToArray());
    }

    public void Op(Operator op) => _operators.Add(op);

    public void Output(int id) => _outputs.Add(id);

    public Graph Build()
    {
        var g = new Graph(EdgeGen.Import.TFLite.TfliteImporter.SafeName(name), _tensors.ToImmutableArray(), _operators.ToImmutableArray(), _inputs.ToImmutableArray(), _outputs.ToImmutableArray());
        foreach (var op in g.Operators) op.Validate(g);
        return g;
    }

    /// <summary>A random input tensor's bytes for a graph input.</summary>
    public static byte[] RandomInput(Graph g, int input, Random rng)
    {
        var bytes = new byte[g[g.Inputs[input]].ByteSize];
        rng.NextBytes(bytes);
        return bytes;
    }

    private int Add(Shape shape, DataType type, Quantization? quant, byte[]? data)
    {
        var id = _tensors.Count;
        _tensors.Add(new Tensor(id, $"t{id}", shape, type, quant, data));
        return id;
    }
}
