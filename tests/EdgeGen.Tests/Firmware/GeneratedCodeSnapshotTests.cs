using EdgeGen.Emit.C;
using EdgeGen.Emit.Project;
using EdgeGen.Import.TFLite;
using EdgeGen.Targets;
using EdgeGen.Tests.Support;
using Xunit;

namespace EdgeGen.Tests.Firmware;

/// <summary>The generated model.c of one small graph per operator kind, for the host and for a DSP target, is reviewed as a snapshot.</summary>
public class GeneratedCodeSnapshotTests
{
    public static IEnumerable<object[]> Graphs() => OperatorGraphs.Names();

    [Theory]
    [MemberData(nameof(Graphs))]
    public void Model_source_matches_snapshot(string name)
    {
        var c = OperatorGraphs.Get(name);
        foreach (var target in new[] { "host", "cortex-m4" })
        {
            var files = ProjectEmitter.Files(CModel.Create(c.Graph, TargetCatalog.Find(target)));
            Snapshot.Verify($"{name}.{target}.model", "c", files["model.c"]);
        }
    }

    /// <summary>One real model per Cortex-A core; a72 and a76 show the same model without and with the dot-product kernels.</summary>
    public static IEnumerable<object[]> CortexAModels() => new[]
    {
        new object[] { "micro_speech_quantized", "cortex-a53" },
        new object[] { "kws_ref_model", "cortex-a72" },
        new object[] { "kws_ref_model", "cortex-a76" },
    };

    [SharedTheory]
    [MemberData(nameof(CortexAModels))]
    public void Cortex_a_model_source_matches_snapshot(string model, string target)
    {
        SharedData.RequireModels();
        var graph = TfliteImporter.Load(SharedModels.ModelPath(model));
        var files = ProjectEmitter.Files(CModel.Create(graph, TargetCatalog.Find(target)));
        Snapshot.Verify($"{model}.{target}.model", "c", files["model.c"]);
    }

    [Fact]
    public void Generation_is_deterministic()
    {
        foreach (var c in OperatorGraphs.All())
        {
            var first = ProjectEmitter.Files(CModel.Create(c.Graph, TargetCatalog.Find("cortex-m4")));
            var second = ProjectEmitter.Files(CModel.Create(c.Graph, TargetCatalog.Find("cortex-m4")));
            Assert.Equal(first.Keys, second.Keys);
            foreach (var (file, content) in first) Assert.True(content == second[file], $"{c.Name}: {file} differs between two generations");
        }
    }

    [Fact]
    public void Model_source_uses_no_library_beyond_stdint_and_string()
    {
        // The C library headers allowed, the compiler's intrinsics headers, and EdgeGen's own runtime headers (checked in turn).
        var runtime = Directory.GetFiles(Path.Combine(Repo.Root, "runtime", "c"), "*.h").Select(f => $"\"{Path.GetFileName(f)}\"");
        var allowed = new[] { "<stdint.h>", "<string.h>", "\"model.h\"", "<arm_acle.h>", "<arm_mve.h>", "<arm_neon.h>" }.Concat(runtime).ToArray();
        foreach (var (c, target) in OperatorGraphs.All().SelectMany(c => new[] { (c, "cortex-m4"), (c, "cortex-a76") }))
        {
            var files = ProjectEmitter.Files(CModel.Create(c.Graph, TargetCatalog.Find(target)));
            foreach (var file in files.Keys.Where(f => f == "model.c" || f.StartsWith("edgegen_", StringComparison.Ordinal)))
            {
                var includes = files[file].Split('\n').Where(l => l.TrimStart().StartsWith("#include", StringComparison.Ordinal)).Select(l => l.Trim()["#include".Length..].Trim());
                Assert.All(includes, i => Assert.Contains(i, allowed));
                Assert.DoesNotContain("malloc", files[file]);
            }
        }
    }
}
