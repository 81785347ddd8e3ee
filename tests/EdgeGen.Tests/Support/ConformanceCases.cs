using System.Globalization;
using System.Runtime.InteropServices;
using EdgeGen.Ir;

namespace EdgeGen.Tests.Support;

/// <summary>
/// The single-operator int16x8 cases of ../shared/conformance/tflm-seanet: NAME.tflite with
/// NAME_input{i}_TYPE.csv inputs and a NAME_golden_TYPE.csv output (TFLite Micro's reference kernels).
/// </summary>
public static class ConformanceCases
{
    public static string Root => Path.Combine(Repo.Shared, "conformance", "tflm-seanet");

    /// <summary>(operator folder, case name) for the folders given, in a stable order.</summary>
    public static IEnumerable<object[]> Data(params string[] operators) => !Directory.Exists(Root)
        ? []
        : operators.SelectMany(op => Directory.GetFiles(Path.Combine(Root, op), "*.tflite")
            .Select(f => Path.GetFileNameWithoutExtension(f))
            .Order(StringComparer.Ordinal)
            .Select(name => new object[] { op, name }));

    public static string ModelPath(string op, string name) => Path.Combine(Root, op, name + ".tflite");

    /// <summary>An input or golden CSV as the raw little-endian bytes of a tensor of type <paramref name="type"/>.</summary>
    public static byte[] ReadCsv(string op, string name, string role, DataType type)
    {
        var file = Directory.GetFiles(Path.Combine(Root, op), $"{name}_{role}_*.csv").Single();
        var values = File.ReadAllText(file).Split([',', '\n', '\r'], StringSplitOptions.RemoveEmptyEntries)
            .Select(v => long.Parse(v.Trim(), CultureInfo.InvariantCulture)).ToArray();
        return type switch
        {
            DataType.Int8 => values.Select(v => (byte)(sbyte)v).ToArray(),
            DataType.Int16 => MemoryMarshal.AsBytes(values.Select(v => (short)v).ToArray().AsSpan()).ToArray(),
            DataType.Int32 => MemoryMarshal.AsBytes(values.Select(v => (int)v).ToArray().AsSpan()).ToArray(),
            _ => throw new NotSupportedException($"{file}: tensor type {type}"),
        };
    }
}
