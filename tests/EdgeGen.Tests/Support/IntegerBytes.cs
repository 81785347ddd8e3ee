using EdgeGen.Ir;

namespace EdgeGen.Tests.Support;

/// <summary>Integer values to and from the little-endian bytes of a tensor of a given element type.</summary>
public static class IntegerBytes
{
    /// <summary>Little-endian bytes of <paramref name="values"/> stored as <paramref name="type"/>; throws when a value does not fit.</summary>
    public static byte[] ToBytes(long[] values, DataType type)
    {
        var size = type.SizeInBytes();
        var bytes = new byte[values.Length * size];
        for (var i = 0; i < values.Length; i++)
        {
            var v = values[i];
            if (type != DataType.Int64)
            {
                var (min, max) = type.IntegerRange();
                if (v < min || v > max) throw new InvalidOperationException($"value {v} at index {i} does not fit {type.DisplayName()}");
            }
            BitConverter.GetBytes(v).AsSpan(0, size).CopyTo(bytes.AsSpan(i * size));
        }
        return bytes;
    }

    /// <summary>The integers stored in <paramref name="bytes"/> as <paramref name="type"/>, widened.</summary>
    public static long[] FromBytes(byte[] bytes, DataType type)
    {
        var size = type.SizeInBytes();
        var values = new long[bytes.Length / size];
        for (var i = 0; i < values.Length; i++)
        {
            var span = bytes.AsSpan(i * size, size);
            values[i] = type switch
            {
                DataType.Int8 => (sbyte)span[0],
                DataType.Int16 => BitConverter.ToInt16(span),
                DataType.Int32 => BitConverter.ToInt32(span),
                DataType.Int64 => BitConverter.ToInt64(span),
                _ => throw new InvalidOperationException($"{type.DisplayName()} is not an integer type"),
            };
        }
        return values;
    }
}
