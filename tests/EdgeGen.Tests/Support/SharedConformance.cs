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

    [GeneratedRegex(@"_(int8|int16|int32|int64|[a-z]+\d*)\.csv$")]
    private static partial Regex TypeSuffix();
}
