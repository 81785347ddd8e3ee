using EdgeGen.Reference;
using EdgeGen.Targets;
using EdgeGen.Tests.Support;
using Xunit;

namespace EdgeGen.Tests.CSharp;

/// <summary>
/// The operators only the hand-built single-operator graphs reach in C# (LEAKY_RELU int16,
/// STRIDED_SLICE, TRANSPOSE_CONV int8 and 16x8, MEAN on both of its paths, CONCATENATION with
/// requantized inputs): compiled in memory, equal to the reference interpreter.
/// </summary>
public class CSharpOperatorGraphTests
{
    private static readonly string[] Cases =
        ["leaky_relu_16", "strided_slice", "transpose_conv", "transpose_conv_16x8", "mean_spatial", "mean_requantized", "concatenation"];

    private static readonly Lazy<Dictionary<string, GeneratedModel>> Compiled = new(() =>
    {
        var graphs = Cases.Select(n => OperatorGraphs.Get(n).Graph).ToList();
        var models = GeneratedModel.CompileAll(graphs, TargetCatalog.Find("host"));
        return Cases.Select((n, i) => (n, models[i])).ToDictionary(x => x.n, x => x.Item2);
    });

    public static IEnumerable<object[]> Names() => Cases.Select(n => new object[] { n });

    [Theory]
    [MemberData(nameof(Names))]
    public void Generated_csharp_matches_reference(string name)
    {
        var c = OperatorGraphs.Get(name);
        var model = Compiled.Value[name];
        var inputs = new[] { c.Input };
        Bytes.AssertEqual(ReferenceInterpreter.Run(c.Graph, inputs)[0], model.Run(inputs)[0], $"{name}: generated C# vs reference");
    }
}
