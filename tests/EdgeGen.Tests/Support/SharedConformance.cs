using System.Globalization;
using System.Text.RegularExpressions;
using EdgeGen.Ir;

namespace EdgeGen.Tests.Support;

/// <summary>
/// The single-operator conformance cases under ../shared/conformance/tflm-seanet: per operator
/// folder, NAME.tflite with NAME_input{k}_{type}.csv inputs and a NAME_golden_{type}.csv output.
/// </summary>
public static partial class SharedConformance
{
    public static string Root => Path.Combine(Repo.Shared, "conformance", "tflm-seanet");

    public sealed record Case(string Operator, string Name, string ModelPath, IReadOnlyList<string> InputPaths, string GoldenPath)
    {
        public override string ToString() => $"{Operator}/{Name}";
    }

    public static IEnumerable<string> OperatorNames() => !Directory.Exists(Root)
        ? Array.Empty<string>()
        : Directory.GetDirectories(Root).Select(Path.GetFileName).OfType<string>().Order(StringComparer.Ordinal);

    public static IEnumerable<Case> Cases(string op)
    {
        var dir = Path.Combine(Root, op);
        foreach (var model in Directory.GetFiles(dir, "*.tflite").Order(StringComparer.Ordinal))
        {
            var name = Path.GetFileNameWithoutExtension(model);
            var inputs = new List<string>();
            for (var k = 0; Directory.GetFiles(dir, $"{name}_input{k}_*.csv") is [var input]; k++) inputs.Add(input);
            var golden = Directory.GetFiles(dir, $"{name}_golden_*.csv") is [var g] ? g
                : throw new InvalidOperationException($"{op}/{name}: expected exactly one {name}_golden_<type>.csv in {dir}");
            yield return new Case(op, name, model, inputs, golden);
        }
    }

    /// <summary>xunit member data: one row per case, operator folder and test name.</summary>
    public static IEnumerable<object[]> CaseData() => OperatorNames().SelectMany(Cases).Select(c => new object[] { c.Operator, c.Name });

    public static Case Find(string op, string name) => Cases(op).Single(c => c.Name == name);

    public static string RequireRoot()
    {
        if (!Directory.Exists(Root)) throw new InvalidOperationException($"shared conformance data is required but missing at {Root}");
        return Root;
    }

    /// <summary>The element type named at the end of a CSV file name (..._int16.csv).</summary>
    public static DataType CsvType(string path)
    {
        var m = TypeSuffix().Match(Path.GetFileName(path));
        if (!m.Success) throw new InvalidOperationException($"{path}: the file name does not end in _<type>.csv");
        return m.Groups[1].Value switch
        {
            "int8" => DataType.Int8,
            "int16" => DataType.Int16,
            "int32" => DataType.Int32,
            "int64" => DataType.Int64,
            var t => throw new InvalidOperationException($"{path}: element type {t} is not supported"),
        };
    }

    /// <summary>The comma-separated integers of a CSV file, in file order.</summary>
    public static long[] ReadValues(string path) => File.ReadAllText(path)
        .Split([',', '\r', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
        .Select(v => long.Parse(v, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture))
        .ToArray();

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

    [GeneratedRegex(@"_(int8|int16|int32|int64|[a-z]+\d*)\.csv$")]
    private static partial Regex TypeSuffix();
}
