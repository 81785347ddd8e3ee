using System.Buffers.Binary;
using System.Text;

namespace EdgeGen.Export;

/// <summary>
/// A small FlatBuffers writer (little-endian, 32-bit offsets), the counterpart of
/// <see cref="Import.FlatBuffers.FlatBufferReader"/>. Like the official builders it fills its
/// buffer from the back: children are written before the objects that refer to them, so every
/// stored offset points forward. An object is named by its distance from the end of the buffer
/// (an <c>int</c> "reference"), which stays valid as the buffer grows.
/// <para>
/// Alignment is relative to the end; <see cref="Finish"/> pads the front so the total size is a
/// multiple of the largest alignment used, which makes every alignment hold in absolute terms too.
/// Scalar fields equal to their schema default are left out, as the official builders do.
/// </para>
/// </summary>
public sealed class FlatBufferBuilder
{
    private byte[] _buffer;
    private int _head; // index in _buffer of the first written byte
    private int _minAlign = 1;
    private readonly List<(int Field, int Reference)> _fields = new();
    private int _tableStart = -1;

    public FlatBufferBuilder(int initialCapacity = 1024)
    {
        _buffer = new byte[Math.Max(initialCapacity, 16)];
        _head = _buffer.Length;
    }

    /// <summary>Bytes written so far; also the reference of the object written last.</summary>
    public int Offset => _buffer.Length - _head;

    // ---- vectors and strings ----

    /// <summary>A vector of raw bytes whose first element is aligned to <paramref name="alignment"/> (a power of two, at least 4).</summary>
    public int CreateByteVector(ReadOnlySpan<byte> data, int alignment = 4)
    {
        CheckNoTable();
        Prepare(Math.Max(alignment, 4), data.Length);
        data.CopyTo(Reserve(data.Length));
        return PutUInt32((uint)data.Length);
    }

    public int CreateString(string value)
    {
        CheckNoTable();
        var bytes = Encoding.UTF8.GetBytes(value);
        Prepare(4, bytes.Length + 1);
        Reserve(1)[0] = 0;
        bytes.CopyTo(Reserve(bytes.Length));
        return PutUInt32((uint)bytes.Length);
    }

    public int CreateVector(IReadOnlyList<int> values) =>
        CreateScalarVector(values.Count, 4, (span, i) => BinaryPrimitives.WriteInt32LittleEndian(span, values[i]));

    public int CreateVector(IReadOnlyList<long> values) =>
        CreateScalarVector(values.Count, 8, (span, i) => BinaryPrimitives.WriteInt64LittleEndian(span, values[i]));

    public int CreateVector(IReadOnlyList<float> values) =>
        CreateScalarVector(values.Count, 4, (span, i) => BinaryPrimitives.WriteSingleLittleEndian(span, values[i]));

    /// <summary>A vector of references to tables or strings written before.</summary>
    public int CreateOffsetVector(IReadOnlyList<int> references)
    {
        CheckNoTable();
        Prepare(4, 4 * references.Count);
        for (var i = references.Count - 1; i >= 0; i--) PutUOffset(references[i]);
        return PutUInt32((uint)references.Count);
    }

    private int CreateScalarVector(int count, int size, Action<Span<byte>, int> write)
    {
        CheckNoTable();
        Prepare(Math.Max(size, 4), count * size);
        for (var i = count - 1; i >= 0; i--) write(Reserve(size), i);
        return PutUInt32((uint)count);
    }

    // ---- tables ----

    public void StartTable()
    {
        CheckNoTable();
        _fields.Clear();
        _tableStart = Offset;
    }

    public void AddByte(int field, byte value, byte fallback = 0)
    {
        if (value != fallback) AddScalar(field, 1, span => span[0] = value);
    }

    public void AddBool(int field, bool value, bool fallback = false) => AddByte(field, value ? (byte)1 : (byte)0, fallback ? (byte)1 : (byte)0);

    public void AddInt32(int field, int value, int fallback = 0)
    {
        if (value != fallback) AddScalar(field, 4, span => BinaryPrimitives.WriteInt32LittleEndian(span, value));
    }

    public void AddUInt32(int field, uint value, uint fallback = 0)
    {
        if (value != fallback) AddScalar(field, 4, span => BinaryPrimitives.WriteUInt32LittleEndian(span, value));
    }

    /// <summary>Compared bit for bit with the default, so -0 and NaN payloads are kept.</summary>
    public void AddFloat(int field, float value, float fallback = 0)
    {
        if (BitConverter.SingleToInt32Bits(value) != BitConverter.SingleToInt32Bits(fallback))
            AddScalar(field, 4, span => BinaryPrimitives.WriteSingleLittleEndian(span, value));
    }

    /// <summary>A field that refers to a table, vector or string written before this table was started.</summary>
    public void AddOffset(int field, int reference)
    {
        CheckField(field);
        PutUOffset(reference);
        AddField(field);
    }

    /// <summary>Writes the table's vtable (right before the table) and returns the table's reference.</summary>
    public int EndTable()
    {
        CheckInTable();
        var table = PutInt32(0); // soffset to the vtable, patched below
        var fieldCount = _fields.Count == 0 ? 0 : _fields.Max(f => f.Field) + 1;
        var slots = new ushort[fieldCount];
        foreach (var (field, reference) in _fields) slots[field] = checked((ushort)(table - reference));
        var tableSize = checked((ushort)(table - _tableStart));
        for (var i = fieldCount - 1; i >= 0; i--) PutUInt16(slots[i]);
        PutUInt16(tableSize);
        var vtable = PutUInt16(checked((ushort)(4 + 2 * fieldCount)));
        // The vtable lies before the table: soffset = table position - vtable position.
        BinaryPrimitives.WriteInt32LittleEndian(_buffer.AsSpan(_buffer.Length - table), vtable - table);
        _tableStart = -1;
        return table;
    }

    /// <summary>Writes the root offset and file identifier and returns the finished bytes.</summary>
    public byte[] Finish(int root, string fileIdentifier)
    {
        CheckNoTable();
        var id = Encoding.ASCII.GetBytes(fileIdentifier);
        if (id.Length != 4) throw new ArgumentException("a file identifier has 4 ASCII characters", nameof(fileIdentifier));
        Prepare(_minAlign, 8);
        id.CopyTo(Reserve(4));
        PutUOffset(root);
        return _buffer.AsSpan(_head).ToArray();
    }

    // ---- low level ----

    private delegate void SpanWriter(Span<byte> span);

    private void AddScalar(int field, int size, SpanWriter write)
    {
        CheckField(field);
        Prepare(size, 0);
        write(Reserve(size));
        AddField(field);
    }

    private void CheckField(int field)
    {
        CheckInTable();
        if (field < 0) throw new ArgumentOutOfRangeException(nameof(field));
        if (_fields.Any(f => f.Field == field)) throw new InvalidOperationException($"field {field} added twice");
    }

    /// <summary>Records that the value just written (ending at the current offset) is field <paramref name="field"/>.</summary>
    private void AddField(int field) => _fields.Add((field, Offset));

    /// <summary>Pads so that, after <paramref name="following"/> more bytes, the offset is a multiple of <paramref name="alignment"/>.</summary>
    private void Prepare(int alignment, int following)
    {
        _minAlign = Math.Max(_minAlign, alignment);
        var padding = (alignment - (Offset + following) % alignment) % alignment;
        Reserve(padding).Clear();
    }

    private Span<byte> Reserve(int count)
    {
        if (count > _head)
        {
            var size = Math.Max(_buffer.Length * 2, _buffer.Length + count);
            var grown = new byte[size];
            _buffer.AsSpan(_head).CopyTo(grown.AsSpan(size - Offset));
            _head = size - Offset;
            _buffer = grown;
        }
        _head -= count;
        return _buffer.AsSpan(_head, count);
    }

    private int PutUOffset(int reference)
    {
        Prepare(4, 0);
        // The offset is counted from the position it is stored at, which is Offset + 4 from the end.
        var value = Offset + 4 - reference;
        if (reference <= 0 || value <= 0) throw new InvalidOperationException($"reference {reference} was not written before");
        return PutUInt32((uint)value);
    }

    private int PutUInt32(uint value)
    {
        Prepare(4, 0);
        BinaryPrimitives.WriteUInt32LittleEndian(Reserve(4), value);
        return Offset;
    }

    private int PutInt32(int value) => PutUInt32(unchecked((uint)value));

    private int PutUInt16(ushort value)
    {
        Prepare(2, 0);
        BinaryPrimitives.WriteUInt16LittleEndian(Reserve(2), value);
        return Offset;
    }

    private void CheckInTable()
    {
        if (_tableStart < 0) throw new InvalidOperationException("no table is being built (call StartTable first)");
    }

    private void CheckNoTable()
    {
        if (_tableStart >= 0) throw new InvalidOperationException("a table is being built; vectors, strings and nested tables must be written before StartTable");
    }
}
