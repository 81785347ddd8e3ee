using EdgeGen.Import.TFLite;
using EdgeGen.Ir;
using EdgeGen.Reference;
using EdgeGen.Tests.Support;
using Xunit;

namespace EdgeGen.Tests.Reference;

/// <summary>
/// The reference interpreter reproduces TensorFlow Lite Micro's reference kernels on every
/// single-operator conformance case (tflm-seanet: int16 activations, int8 weights), element for element.
/// </summary>
public class ConformanceTests
{
    public static IEnumerable<object[]> Cases() => SharedConformance.CaseData();

    [SharedTheory]
    [MemberData(nameof(Cases))]
    public void Reference_matches_tflm_golden(string op, string name)
    {
        SharedConformance.RequireRoot();
        var c = SharedConformance.Find(op, name);
        var graph = TfliteImporter.Load(c.ModelPath);
        Assert.Equal(graph.Inputs.Length, c.InputPaths.Count);
        var inputs = new byte[c.InputPaths.Count][];
        for (var k = 0; k < inputs.Length; k++)
        {
            var tensor = graph[graph.Inputs[k]];
            var type = SharedConformance.CsvType(c.InputPaths[k]);
            Assert.True(type == tensor.Type, $"{c}: input #{k} CSV is {type.DisplayName()}, tensor '{tensor.Name}' is {tensor.Type.DisplayName()}");
            inputs[k] = IntegerBytes.ToBytes(SharedConformance.ReadValues(c.InputPaths[k]), type);
        }

        var output = graph[graph.Outputs[0]];
        var goldenType = SharedConformance.CsvType(c.GoldenPath);
        Assert.True(goldenType == output.Type, $"{c}: golden CSV is {goldenType.DisplayName()}, output '{output.Name}' is {output.Type.DisplayName()}");
        var expected = SharedConformance.ReadValues(c.GoldenPath);
        var actual = IntegerBytes.FromBytes(ReferenceInterpreter.Run(graph, inputs)[0], output.Type);

        Assert.True(expected.Length == actual.Length, $"{c}: golden has {expected.Length} elements, reference produced {actual.Length}");
        var first = FirstDifference(expected, actual);
        if (first >= 0)
        {
            var count = expected.Where((e, i) => e != actual[i]).Count();
            Assert.Fail($"{c}: {count} of {expected.Length} elements differ; first at index {first}: expected {expected[first]}, actual {actual[first]}");
        }
    }

    [SharedFact]
    public void Every_conformance_operator_has_cases()
    {
        SharedConformance.RequireRoot();
        Assert.Equal(
            new[] { "add", "conv", "leaky_relu", "pad", "quantize", "strided_slice", "sub", "transpose_conv" },
            SharedConformance.OperatorNames());
        Assert.All(SharedConformance.OperatorNames(), op => Assert.NotEmpty(SharedConformance.Cases(op)));
    }

    private static int FirstDifference(long[] expected, long[] actual)
    {
        for (var i = 0; i < expected.Length; i++)
            if (expected[i] != actual[i]) return i;
        return -1;
    }
}
