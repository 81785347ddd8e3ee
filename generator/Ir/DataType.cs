namespace EdgeGen.Ir;

public enum DataType { Int8, UInt8, Int16, Int32, Int64, Float32, Bool }

public static class DataTypeExtensions
{
    public static int SizeInBytes(this DataType type) => type switch
    {
        DataType.Int8 or DataType.UInt8 or DataType.Bool => 1,
        DataType.Int16 => 2,
        DataType.Int32 or DataType.Float32 => 4,
        DataType.Int64 => 8,
        _ => throw new ArgumentOutOfRangeException(nameof(type)),
    };

    /// <summary>The lowest and highest value a quantized tensor of this type can hold.</summary>
    public static (int Min, int Max) IntegerRange(this DataType type) => type switch
    {
        DataType.Int8 => (sbyte.MinValue, sbyte.MaxValue),
        DataType.UInt8 => (byte.MinValue, byte.MaxValue),
        DataType.Int16 => (short.MinValue, short.MaxValue),
        DataType.Int32 => (int.MinValue, int.MaxValue),
        _ => throw new ArgumentOutOfRangeException(nameof(type), $"{type} has no integer range"),
    };

    public static string DisplayName(this DataType type) => type switch
    {
        DataType.Int8 => "int8",
        DataType.UInt8 => "uint8",
        DataType.Int16 => "int16",
        DataType.Int32 => "int32",
        DataType.Int64 => "int64",
        DataType.Float32 => "float32",
        DataType.Bool => "bool",
        _ => type.ToString(),
    };
}
