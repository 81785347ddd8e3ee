using System.Text;

namespace EdgeGen.Import.FlatBuffers;

/// <summary>
/// A table inside a FlatBuffer. Fields are addressed by their index in the schema (0-based,
/// declaration order; a union occupies two indices: its type then its value). An absent field
/// reads as its schema default.
/// </summary>
public readonly struct FbTable
{
    private readonly FlatBufferReader _reader;
    private readonly int _position;
    private readonly int _vtable;
    private readonly int _vtableLength;
    private readonly int _tableLength;
    public string What { get; }

    internal FbTable(FlatBufferReader reader, int position, int vtable, int vtableLength, int tableLength, string what)
    {
        _reader = reader;
        _position = position;
        _vtable = vtable;
        _vtableLength = vtableLength;
        _tableLength = tableLength;
        What = what;
    }

    /// <summary>Absolute position of a field, or -1 when the field is absent.</summary>
    private long FieldPosition(int field, int size)
    {
        var slot = 4 + 2 * field;
        if (slot + 2 > _vtableLength) return -1;
        var offset = _reader.ReadUInt16(_vtable + slot);
        if (offset == 0) return -1;
        if (offset + size > _tableLength)
            throw _reader.Corrupt(_position, $"field {field} of {What} lies outside its table");
        return _position + offset;
    }

    public bool Has(int field) => FieldPosition(field, 1) >= 0;

    public byte Byte(int field, byte fallback = 0) { var p = FieldPosition(field, 1); return p < 0 ? fallback : _reader.ReadByte(p); }
    public bool Bool(int field, bool fallback = false) { var p = FieldPosition(field, 1); return p < 0 ? fallback : _reader.ReadByte(p) != 0; }
    public int Int32(int field, int fallback = 0) { var p = FieldPosition(field, 4); return p < 0 ? fallback : _reader.ReadInt32(p); }
    public uint UInt32(int field, uint fallback = 0) { var p = FieldPosition(field, 4); return p < 0 ? fallback : _reader.ReadUInt32(p); }
    public long Int64(int field, long fallback = 0) { var p = FieldPosition(field, 8); return p < 0 ? fallback : _reader.ReadInt64(p); }
    public float Float(int field, float fallback = 0) { var p = FieldPosition(field, 4); return p < 0 ? fallback : _reader.ReadFloat(p); }

    public FbTable? Table(int field, string what)
    {
        var p = FieldPosition(field, 4);
        return p < 0 ? null : _reader.TableAt(_reader.ReadUOffset(p), what);
    }

    public string? String(int field)
    {
        var v = Vector(field, 1, "string");
        if (v is null) return null;
        return Encoding.UTF8.GetString(v.Value.Bytes());
    }

    /// <summary>A vector of fixed-size elements (scalars or offsets), with its length checked against the file.</summary>
    public FbVector? Vector(int field, int elementSize, string what)
    {
        var p = FieldPosition(field, 4);
        if (p < 0) return null;
        var start = _reader.ReadUOffset(p);
        var count = _reader.ReadUInt32(start);
        var bytes = (long)count * elementSize;
        _reader.Require(start + 4, bytes, $"{what} vector of {count} elements in {What}");
        return new FbVector(_reader, start + 4, (int)count, elementSize, what);
    }
}

/// <summary>A bounds-checked vector inside a FlatBuffer.</summary>
public readonly struct FbVector
{
    private readonly FlatBufferReader _reader;
    private readonly long _start;
    private readonly int _elementSize;
    public int Count { get; }
    public string What { get; }

    internal FbVector(FlatBufferReader reader, long start, int count, int elementSize, string what)
    {
        _reader = reader;
        _start = start;
        Count = count;
        _elementSize = elementSize;
        What = what;
    }

    /// <summary>Absolute position of the first element in the file (for alignment checks).</summary>
    public long Position => _start;

    public ReadOnlySpan<byte> Bytes() => _reader.Slice(_start, (long)Count * _elementSize, What);
    public int Int32(int i) => _reader.ReadInt32(_start + 4L * i);
    public long Int64(int i) => _reader.ReadInt64(_start + 8L * i);
    public float Float(int i) => _reader.ReadFloat(_start + 4L * i);
    public byte Byte(int i) => _reader.ReadByte(_start + i);
    public FbTable Table(int i) => _reader.TableAt(_reader.ReadUOffset(_start + 4L * i), $"{What}[{i}]");

    public int[] Int32s() { var r = new int[Count]; for (var i = 0; i < Count; i++) r[i] = Int32(i); return r; }
    public long[] Int64s() { var r = new long[Count]; for (var i = 0; i < Count; i++) r[i] = Int64(i); return r; }
    public float[] Floats() { var r = new float[Count]; for (var i = 0; i < Count; i++) r[i] = Float(i); return r; }
}
