using EdgeGen.Emit.CSharp;
using EdgeGen.Import.TFLite;
using EdgeGen.Targets;
using EdgeGen.Tests.Support;
using Xunit;

namespace EdgeGen.Tests.CSharp;

/// <summary>
/// The generated C# itself, under snapshot: a whole small project (hello_world_int8), models that
/// cover every int8 kernel (micro_speech: depthwise, fully connected, reshape, softmax; kws: conv,
/// average pool), and int16x8 single-operator models (ADD, SUB with broadcast, PAD, QUANTIZE, CONV_2D).
/// Generation is deterministic: the same model gives the same bytes twice.
/// </summary>
public class CSharpSnapshotTests
{
    public static IEnumerable<object[]> Models() => [["hello_world_int8"], ["micro_speech_quantized"], ["kws_ref_model"]];

    public static IEnumerable<object[]> ConformanceModels() => [["add", "add16"], ["sub", "sub0"], ["pad", "pad0"], ["quantize", "quantize0"], ["conv", "conv1"]];

    [SharedFact]
    public void Hello_world_project_files()
    {
        var files = Generate(SharedModels.ModelPath("hello_world_int8"));
        Snapshot.Verify("hello_world_int8.Program", "cs", files["Program.cs"]);
        Snapshot.Verify("hello_world_int8.csproj", "xml", files["hello_world_int8.csproj"]);
        Snapshot.Verify("hello_world_int8.README", "md", files["README.md"]);
        Snapshot.Verify("hello_world_int8.edgegen", "json", files["edgegen.json"]);
        Snapshot.Verify("linux-arm64.pubxml", "xml", files["Properties/PublishProfiles/linux-arm64.pubxml"]);
    }

    [SharedTheory]
    [MemberData(nameof(Models))]
    public void Model_class(string model) => Snapshot.Verify($"{model}.Model", "cs", Generate(SharedModels.ModelPath(model))["Model.cs"]);

    [SharedTheory]
    [MemberData(nameof(ConformanceModels))]
    public void Int16_model_class(string op, string name) => Snapshot.Verify($"{name}.Model", "cs", Generate(ConformanceCases.ModelPath(op, name))["Model.cs"]);

    [SharedTheory]
    [MemberData(nameof(Models))]
    public void Generated_code_uses_no_x86_only_intrinsics(string model)
    {
        foreach (var (path, text) in Generate(SharedModels.ModelPath(model)).Where(f => f.Key.EndsWith(".cs", StringComparison.Ordinal)))
            foreach (var x86 in new[] { "Intrinsics.X86", "Sse", "Avx", "Bmi", "Popcnt", "Lzcnt" })
                Assert.False(text.Contains(x86, StringComparison.Ordinal), $"{model}: {path} uses {x86} (x64-only; linux-arm64 must build from the same code)");
    }

    [SharedFact]
    public void Generation_is_deterministic()
    {
        var path = SharedModels.ModelPath("kws_ref_model");
        Assert.Equal(Generate(path), Generate(path));
    }

    private static SortedDictionary<string, string> Generate(string modelPath) =>
        CSharpProjectEmitter.Files(CSharpModel.Create(TfliteImporter.Load(modelPath), TargetCatalog.Find("host")));
}
