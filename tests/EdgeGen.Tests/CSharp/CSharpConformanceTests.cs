using EdgeGen.Import.TFLite;
using EdgeGen.Reference;
using EdgeGen.Targets;
using EdgeGen.Tests.Support;
using Xunit;

namespace EdgeGen.Tests.CSharp;

/// <summary>
/// The int16x8 paths of the C# kernels: every tflm-seanet case of an operator the C# generator
/// supports (all eight: ADD, CONV_2D, LEAKY_RELU, PAD, QUANTIZE, STRIDED_SLICE, SUB, TRANSPOSE_CONV), compiled in memory, equals TFLite Micro's golden
/// and the reference interpreter.
/// </summary>
public class CSharpConformanceTests
{
    private static readonly string[] Operators = ["add", "conv", "leaky_relu", "pad", "quantize", "strided_slice", "sub", "transpose_conv"];

    private static readonly Lazy<Dictionary<string, GeneratedModel>> Models = new(() =>
    {
        var cases = Data().Select(row => ((string)row[0], (string)row[1])).ToList();
        var graphs = cases.Select(c => TfliteImporter.Load(ConformanceCases.ModelPath(c.Item1, c.Item2))).ToList();
        var compiled = GeneratedModel.CompileAll(graphs, TargetCatalog.Find("host"));
        return cases.Select((c, i) => (c.Item2, compiled[i])).ToDictionary(x => x.Item1, x => x.Item2);
    });

    public static IEnumerable<object[]> Data() => ConformanceCases.Data(Operators);

    [SharedTheory]
    [MemberData(nameof(Data))]
    public void Generated_csharp_matches_tflm_golden(string op, string name)
    {
        Assert.True(Directory.Exists(ConformanceCases.Root), $"conformance data missing at {ConformanceCases.Root}");
        var model = Models.Value[name];
        var g = model.Graph;
        var inputs = g.InputTensors.Select((t, i) => ConformanceCases.ReadCsv(op, name, $"input{i}", t.Type)).ToArray();
        var actual = model.Run(inputs)[0];
        Bytes.AssertEqual(ReferenceInterpreter.Run(g, inputs)[0], actual, $"{op}/{name}: generated C# vs reference");
        Bytes.AssertEqual(ConformanceCases.ReadCsv(op, name, "golden", g.OutputTensors.First().Type), actual, $"{op}/{name}: generated C# vs TFLM golden");
    }
}
