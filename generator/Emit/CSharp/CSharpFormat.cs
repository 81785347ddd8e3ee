using System.Globalization;
using System.Text;
using EdgeGen.Ir;

namespace EdgeGen.Emit.CSharp;

/// <summary>Formatting of C# types, literals and static data; deterministic and culture-invariant.</summary>
public static class CSharpFormat
{
    public static string TypeOf(DataType type) => type switch
    {
        DataType.Int8 => "sbyte",
        DataType.UInt8 or DataType.Bool => "byte",
        DataType.Int16 => "short",
        DataType.Int32 => "int",
        DataType.Int64 => "long",
        DataType.Float32 => "float",
        _ => throw new ArgumentOutOfRangeException(nameof(type)),
    };

    /// <summary>An integer literal: int-range values plain (C# accepts -2147483648), others with an L suffix.</summary>
    public static string Int(long value) => value switch
    {
        long.MinValue => "long.MinValue",
        > int.MaxValue or < int.MinValue => value.ToString(CultureInfo.InvariantCulture) + "L",
        _ => value.ToString(CultureInfo.InvariantCulture),
    };

    /// <summary>A float literal that round-trips exactly ("R" format plus an f suffix).</summary>
    public static string Float(float value) => SourceText.RoundTripFloat(value) + "f";

    /// <summary>
    /// Static read-only data: a <c>ReadOnlySpan&lt;T&gt;</c> property over an array initializer of
    /// constants, which the C# compiler stores in the assembly's data section (no allocation, no copy).
    /// </summary>
    public static string Data<T>(string type, string name, IReadOnlyList<T> values, Func<T, string> literal)
    {
        return $"    private static ReadOnlySpan<{type}> {name} => new {type}[] {{{SourceText.Rows(values, literal, "        ")}\n    }};\n";
    }

    public static string Int8Data(string name, IReadOnlyList<sbyte> values) => Data("sbyte", name, values, v => Int(v));
    public static string Int16Data(string name, IReadOnlyList<short> values) => Data("short", name, values, v => Int(v));
    public static string Int32Data(string name, IReadOnlyList<int> values) => Data("int", name, values, v => Int(v));
    public static string Int64Data(string name, IReadOnlyList<long> values) => Data("long", name, values, v => Int(v));

    /// <summary>CONV_2D → Conv2D, FULLY_CONNECTED → FullyConnected, hello_world_int8 → HelloWorldInt8.</summary>
    public static string Pascal(string name)
    {
        var sb = new StringBuilder();
        foreach (var part in name.Split(['_', '-', '.', ' '], StringSplitOptions.RemoveEmptyEntries))
        {
            var clean = new string(part.Where(char.IsAsciiLetterOrDigit).ToArray());
            if (clean.Length == 0) continue;
            sb.Append(char.ToUpperInvariant(clean[0])).Append(clean[1..].ToLowerInvariant());
        }
        if (sb.Length == 0 || char.IsAsciiDigit(sb[0])) sb.Insert(0, 'M');
        return sb.ToString();
    }
}
