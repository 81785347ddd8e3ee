using System.Buffers.Binary;
using System.Text;

namespace EdgeGen.Import.FlatBuffers;

/// <summary>
/// A bounds-checked reader for FlatBuffers binaries (little-endian, 32-bit offsets). Every read
/// checks that the bytes it touches lie inside the buffer, so a corrupt or hostile file yields a
/// <see cref="EdgeGenException"/> naming the location, never an out-of-range access. Vector
/// lengths are checked against the bytes that remain before anything is allocated.
/// </summary>
public sealed class FlatBufferReader
{
    private readonly byte[] _buffer;
    public string Source { get; }

    public FlatBufferReader(byte[] buffer, string source)
    {
        _buffer = buffer;
        Source = source;
    }

    public int Length => _buffer.Length;

    public FbTable Root()
    {
        Require(0, 8, "file header");
        return TableAt(ReadUOffset(0), "root table");
    }

    /// <summary>The 4-byte file identifier at offset 4 (for TFLite models: "TFL3").</summary>
    public string Identifier
    {
        get
        {
            Require(4, 4, "file identifier");
            return Encoding.ASCII.GetString(_buffer, 4, 4);
        }
    }

    internal FbTable TableAt(long position, string what)
    {
        Require(position, 4, what);
        var vtable = position - BinaryPrimitives.ReadInt32LittleEndian(_buffer.AsSpan((int)position));
        Require(vtable, 4, what + " vtable");
        var vtableLength = ReadUInt16(vtable);
        var tableLength = ReadUInt16(vtable + 2);
        if (vtableLength < 4 || (vtableLength & 1) != 0) throw Corrupt(vtable, $"{what} vtable has an invalid size {vtableLength}");
        Require(vtable, vtableLength, what + " vtable");
        Require(position, Math.Max(tableLength, (ushort)4), what);
        return new FbTable(this, (int)position, (int)vtable, vtableLength, tableLength, what);
    }

    /// <summary>Follows the unsigned 32-bit offset stored at <paramref name="position"/>.</summary>
    internal long ReadUOffset(long position)
    {
        Require(position, 4, "offset");
        var target = position + BinaryPrimitives.ReadUInt32LittleEndian(_buffer.AsSpan((int)position));
        if (target >= _buffer.Length) throw Corrupt(position, $"offset points to {target}, outside the file of {_buffer.Length} bytes");
        return target;
    }

    internal ushort ReadUInt16(long position) { Require(position, 2, "value"); return BinaryPrimitives.ReadUInt16LittleEndian(_buffer.AsSpan((int)position)); }
    internal int ReadInt32(long position) { Require(position, 4, "value"); return BinaryPrimitives.ReadInt32LittleEndian(_buffer.AsSpan((int)position)); }
    internal uint ReadUInt32(long position) { Require(position, 4, "value"); return BinaryPrimitives.ReadUInt32LittleEndian(_buffer.AsSpan((int)position)); }
    internal long ReadInt64(long position) { Require(position, 8, "value"); return BinaryPrimitives.ReadInt64LittleEndian(_buffer.AsSpan((int)position)); }
    internal float ReadFloat(long position) { Require(position, 4, "value"); return BinaryPrimitives.ReadSingleLittleEndian(_buffer.AsSpan((int)position)); }
    internal byte ReadByte(long position) { Require(position, 1, "value"); return _buffer[position]; }

    internal ReadOnlySpan<byte> Slice(long position, long length, string what)
    {
        Require(position, length, what);
        return _buffer.AsSpan((int)position, (int)length);
    }

    internal void Require(long position, long length, string what)
    {
        // Compared without adding, so huge values cannot overflow into a passing check.
        if (position < 0 || length < 0 || position > _buffer.Length || length > _buffer.Length - position)
            throw Corrupt(position, $"{what} ({length} bytes) lies outside the file of {_buffer.Length} bytes");
    }

    internal EdgeGenException Corrupt(long position, string message) =>
        new($"{Source}: corrupt FlatBuffer at byte {position}: {message}");
}
