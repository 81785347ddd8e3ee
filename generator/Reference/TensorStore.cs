using System.Runtime.InteropServices;
using EdgeGen.Ir;

namespace EdgeGen.Reference;

/// <summary>The values of every tensor during one reference run: constants from the graph, activations as raw little-endian bytes.</summary>
public sealed class TensorStore
{
    private readonly Graph _graph;
    private readonly byte[]?[] _values;

    public TensorStore(Graph graph)
    {
        _graph = graph;
        _values = new byte[graph.Tensors.Length][];
        foreach (var t in graph.Tensors)
            if (t.IsConstant) _values[t.Id] = t.Data;
    }

    public Graph Graph => _graph;

    public byte[] Bytes(int id) => _values[id] ??= new byte[_graph[id].ByteSize];
    public void Set(int id, byte[] bytes) => _values[id] = bytes;

    public Span<sbyte> Int8(int id) => MemoryMarshal.Cast<byte, sbyte>(Bytes(id).AsSpan());
    public Span<byte> UInt8(int id) => Bytes(id).AsSpan();
    public Span<short> Int16(int id) => MemoryMarshal.Cast<byte, short>(Bytes(id).AsSpan());
    public Span<int> Int32(int id) => MemoryMarshal.Cast<byte, int>(Bytes(id).AsSpan());
    public Span<long> Int64(int id) => MemoryMarshal.Cast<byte, long>(Bytes(id).AsSpan());
    public Span<float> Float32(int id) => MemoryMarshal.Cast<byte, float>(Bytes(id).AsSpan());

    /// <summary>The value of element i of an integer tensor of any integer type, widened.</summary>
    public long ReadInteger(int id, int i) => _graph[id].Type switch
    {
        DataType.Int8 => Int8(id)[i],
        DataType.UInt8 => UInt8(id)[i],
        DataType.Int16 => Int16(id)[i],
        DataType.Int32 => Int32(id)[i],
        DataType.Int64 => Int64(id)[i],
        var t => throw new InvalidOperationException($"{t} is not an integer type"),
    };

    public void WriteInteger(int id, int i, long value)
    {
        switch (_graph[id].Type)
        {
            case DataType.Int8: Int8(id)[i] = (sbyte)value; break;
            case DataType.UInt8: UInt8(id)[i] = (byte)value; break;
            case DataType.Int16: Int16(id)[i] = (short)value; break;
            case DataType.Int32: Int32(id)[i] = (int)value; break;
            case DataType.Int64: Int64(id)[i] = value; break;
            default: throw new InvalidOperationException($"{_graph[id].Type} is not an integer type");
        }
    }
}
