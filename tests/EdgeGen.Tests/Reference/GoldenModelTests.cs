using EdgeGen.Import.TFLite;
using EdgeGen.Reference;
using EdgeGen.Tests.Support;
using Xunit;

namespace EdgeGen.Tests.Reference;

/// <summary>The reference interpreter reproduces TensorFlow Lite Micro's golden output for every case of every shared model, byte for byte.</summary>
public class GoldenModelTests
{
    public static IEnumerable<object[]> Cases() => SharedModels.CaseData();

    [SharedTheory]
    [MemberData(nameof(Cases))]
    public void Reference_matches_golden(string model, string caseName)
    {
        SharedData.RequireModels();
        var c = SharedModels.Find(model, caseName);
        var graph = TfliteImporter.Load(c.ModelPath);
        var output = ReferenceInterpreter.Run(graph, new[] { File.ReadAllBytes(c.InputPath) })[0];
        var golden = File.ReadAllBytes(c.OutputPath);
        Assert.Equal(golden.Length, output.Length);
        var firstDiff = Enumerable.Range(0, golden.Length).FirstOrDefault(i => golden[i] != output[i], -1);
        Assert.True(firstDiff < 0, $"{c}: first difference at byte {firstDiff}: golden {(sbyte)golden[Math.Max(firstDiff, 0)]}, reference {(sbyte)output[Math.Max(firstDiff, 0)]}");
    }

    [SharedFact]
    public void Every_shared_model_has_cases()
    {
        SharedData.RequireModels();
        Assert.NotEmpty(SharedModels.ModelNames());
        Assert.All(SharedModels.ModelNames(), m => Assert.NotEmpty(SharedModels.Cases(m)));
    }
}
