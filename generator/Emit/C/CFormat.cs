using System.Globalization;
using System.Text;
using EdgeGen.Ir;

namespace EdgeGen.Emit.C;

/// <summary>Formatting of C types, literals and constant arrays; deterministic and culture-invariant.</summary>
public static class CFormat
{
    public static string TypeOf(DataType type) => type switch
    {
        DataType.Int8 => "int8_t",
        DataType.UInt8 => "uint8_t",
        DataType.Int16 => "int16_t",
        DataType.Int32 => "int32_t",
        DataType.Int64 => "int64_t",
        DataType.Float32 => "float",
        DataType.Bool => "uint8_t",
        _ => throw new ArgumentOutOfRangeException(nameof(type)),
    };

    /// <summary>An integer literal that is valid C for any int32 value (INT32_MIN is written as an expression).</summary>
    public static string Int(long value) => value switch
    {
        int.MinValue => "(-2147483647 - 1)",
        long.MinValue => "INT64_MIN",
        > int.MaxValue or < int.MinValue => value.ToString(CultureInfo.InvariantCulture) + "LL",
        _ => value.ToString(CultureInfo.InvariantCulture),
    };

    /// <summary>A float literal that round-trips exactly ("R" format plus an f suffix).</summary>
    public static string Float(float value) => SourceText.RoundTripFloat(value) + "f";

    /// <summary>A static const array definition, 16 values per line.</summary>
    public static string Array<T>(string cType, string name, IReadOnlyList<T> values, Func<T, string> literal, string qualifiers = "static const")
    {
        var sb = new StringBuilder();
        sb.Append(qualifiers).Append(' ').Append(cType).Append(' ').Append(name).Append('[').Append(Math.Max(values.Count, 1)).Append("] = {");
        if (values.Count == 0) sb.Append("0");
        sb.Append(SourceText.Rows(values, literal, "    "));
        sb.Append("\n};\n");
        return sb.ToString();
    }

    public static string Int8Array(string name, IReadOnlyList<sbyte> values) => Array("int8_t", name, values, v => Int(v));
    public static string Int16Array(string name, IReadOnlyList<short> values) => Array("int16_t", name, values, v => Int(v));
    public static string Int32Array(string name, IReadOnlyList<int> values) => Array("int32_t", name, values, v => Int(v));
    public static string Int64Array(string name, IReadOnlyList<long> values) => Array("int64_t", name, values, v => Int(v));
    public static string FloatArray(string name, IReadOnlyList<float> values) => Array("float", name, values, Float);
}
