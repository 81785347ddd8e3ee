using EdgeGen.Reference;
using EdgeGen.Tests.Support;
using Xunit;

namespace EdgeGen.Tests.CSharp;

/// <summary>Every shared model's generated C#, compiled in memory with Roslyn, equals the reference interpreter (and the golden) byte for byte on every case.</summary>
public class CSharpBitExactTests
{
    public static IEnumerable<object[]> Cases() => SharedModels.CaseData();

    [SharedTheory]
    [MemberData(nameof(Cases))]
    public void Generated_csharp_matches_reference(string model, string caseName)
    {
        SharedData.RequireModels();
        var c = SharedModels.Find(model, caseName);
        var generated = GeneratedModel.For(model);
        var input = File.ReadAllBytes(c.InputPath);
        var actual = generated.Run([input])[0];
        var reference = ReferenceInterpreter.Run(generated.Graph, [input])[0];
        Bytes.AssertEqual(reference, actual, $"{c}: generated C# vs reference");
        Bytes.AssertEqual(File.ReadAllBytes(c.OutputPath), actual, $"{c}: generated C# vs golden");
    }

    public static IEnumerable<object[]> Models() => SharedModels.ModelData();

    [SharedTheory]
    [MemberData(nameof(Models))]
    public void Invoke_allocates_nothing(string model)
    {
        SharedData.RequireModels();
        var input = File.ReadAllBytes(SharedModels.Cases(model).First().InputPath);
        Assert.Equal(0, GeneratedModel.For(model).AllocatedBytes([input]));
    }
}
