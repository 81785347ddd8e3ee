using EdgeGen.Emit.CSharp;
using EdgeGen.Reference;
using EdgeGen.Targets;
using EdgeGen.Tests.Kernels;
using EdgeGen.Tests.Support;
using Xunit;

namespace EdgeGen.Tests.CSharp;

/// <summary>
/// Ternary FULLY_CONNECTED layers in C#: unrolled into additions and subtractions (no weight data),
/// bit-exact with the reference on the hand-built cases the C kernels are tested on (odd sizes, dead
/// channels, two trit planes, saturation, sums at the extremes).
/// </summary>
public class CSharpTernaryTests
{
    private static readonly Lazy<Dictionary<string, GeneratedModel>> Compiled = new(() =>
    {
        var graphs = TernaryFcCase.All.Select(c => c.Graph()).ToList();
        var models = GeneratedModel.CompileAll(graphs, TargetCatalog.Find("host"));
        return TernaryFcCase.All.Select((c, i) => (c.Name, models[i])).ToDictionary(x => x.Name, x => x.Item2);
    });

    [Theory]
    [MemberData(nameof(TernaryFcCase.Data), MemberType = typeof(TernaryFcCase))]
    public void Unrolled_ternary_fully_connected_matches_reference(TernaryFcCase c)
    {
        var graph = c.Graph();
        Assert.Equal("ternary-unrolled", CSharpModel.Create(graph, TargetCatalog.Find("host")).Kernels[0].Variant);
        var model = Compiled.Value[c.Name];
        var inputs = new[] { c.Input(model.Graph) };
        Bytes.AssertEqual(ReferenceInterpreter.Run(model.Graph, inputs)[0], model.Run(inputs)[0], $"{c.Name}: generated C# vs reference");
    }
}
