using System.Collections.Immutable;
using EdgeGen.Ir;

namespace EdgeGen.Tests.Support;

/// <summary>
/// Small test graphs: <see cref="GraphBuilder"/> plus seeded random weights, biases and inputs,
/// and per-tensor quantization by default.
/// </summary>
public sealed class TestGraphBuilder
{
    private readonly GraphBuilder _graph = new("test");
    private readonly List<Tensor> _tensors = new();
    private readonly Random _random;

    public TestGraphBuilder(int seed = 1) => _random = new Random(seed);

    public int Input(DataType type, float scale, int zeroPoint, params int[] shape) =>
        Track(_graph.Input($"t{_tensors.Count}", new Shape(shape), type, Quantization.PerTensor(scale, zeroPoint)), shape, type, null);

    public int Activation(DataType type, float scale, int zeroPoint, params int[] shape) =>
        Track(_graph.Activation($"t{_tensors.Count}", new Shape(shape), type, Quantization.PerTensor(scale, zeroPoint)), shape, type, null);

    public int Constant(DataType type, byte[] data, Quantization? quantization, params int[] shape) =>
        Track(_graph.Constant($"c{_tensors.Count}", new Shape(shape), type, data, quantization), shape, type, data);

    /// <summary>
    /// Random int8 weights with per-channel (along <paramref name="axis"/>) or per-tensor scales;
    /// with <paramref name="someMinus128"/> about one in eight is -128 (outside TFLite's symmetric range, but legal).
    /// </summary>
    public int Weights(int[] shape, int axis, bool perChannel, int maxMagnitude = 127, bool someMinus128 = false)
    {
        var count = shape.Aggregate(1, (a, b) => a * b);
        var data = new byte[count];
        for (var i = 0; i < count; i++)
            data[i] = (byte)(sbyte)(someMinus128 && _random.Next(8) == 0 ? -128 : _random.Next(-maxMagnitude, maxMagnitude + 1));
        var channels = shape[axis];
        var q = perChannel
            ? new Quantization(Enumerable.Range(0, channels).Select(_ => 0.002f + 0.01f * (float)_random.NextDouble()).ToImmutableArray(),
                Enumerable.Repeat(0L, channels).ToImmutableArray(), axis)
            : Quantization.PerTensor(0.005f, 0);
        return Constant(DataType.Int8, data, q, shape);
    }

    public int Bias(int count, int magnitude = 2000, DataType type = DataType.Int32)
    {
        var bytes = new byte[count * type.SizeInBytes()];
        for (var i = 0; i < count; i++)
        {
            var v = _random.Next(-magnitude, magnitude + 1);
            if (type == DataType.Int64) BitConverter.GetBytes((long)v).CopyTo(bytes, i * 8);
            else BitConverter.GetBytes(v).CopyTo(bytes, i * 4);
        }
        return Constant(type, bytes, Quantization.PerTensor(1f, 0), count);
    }

    public int Int32Constant(params int[] values) =>
        Constant(DataType.Int32, values.SelectMany(BitConverter.GetBytes).ToArray(), null, values.Length);

    public void Op(Operator op) => _graph.Add(op);

    public Graph Build(string name, params int[] outputs)
    {
        foreach (var o in outputs) _graph.Output(o);
        return _graph.Build() with { Name = name };
    }

    public byte[] RandomInput(int tensor)
    {
        var bytes = new byte[_tensors[tensor].ByteSize];
        _random.NextBytes(bytes);
        return bytes;
    }

    private int Track(int id, int[] shape, DataType type, byte[]? data)
    {
        _tensors.Add(new Tensor(id, "", new Shape(shape), type, null, data));
        return id;
    }

    public static ImmutableArray<int> Ids(params int[] ids) => ids.ToImmutableArray();
}
