using EdgeGen.Import.TFLite;
using EdgeGen.Pipeline;
using EdgeGen.Targets;
using EdgeGen.Tests.Support;
using EdgeGen.Toolchain;
using Xunit;

namespace EdgeGen.Tests.Firmware;

/// <summary>
/// Generated firmware reproduces TensorFlow Lite Micro's golden output for every case of every
/// shared model: on the host (gcc), on Cortex-M4 in QEMU and on the three Cortex-A cores under
/// qemu-aarch64 for all models, on the Cortex-M55 (the only board with the Helium kernels) for all
/// models, and on the other Cortex-M boards for two models each. One build per model and target,
/// then every case.
/// </summary>
public class FirmwareGoldenTests
{
    public static IEnumerable<object[]> HostAndM4() =>
        SharedModels.ModelNames().SelectMany(m => new[] { new object[] { m, "host" }, new object[] { m, "cortex-m4" } });

    public static IEnumerable<object[]> OtherBoards() =>
        from target in new[] { "cortex-m3", "cortex-m7", "cortex-m33" }
        from model in new[] { "kws_ref_model", "micro_speech_quantized" }
        select new object[] { model, target };

    public static IEnumerable<object[]> M55() => SharedModels.ModelNames().Select(m => new object[] { m, "cortex-m55" });

    public static IEnumerable<object[]> CortexA() =>
        from model in SharedModels.ModelNames()
        from target in new[] { "cortex-a53", "cortex-a72", "cortex-a76" }
        select new object[] { model, target };

    [SharedTheory]
    [MemberData(nameof(HostAndM4))]
    public void Every_case_matches_golden(string model, string target) => AllCasesMatchGolden(model, target);

    [SharedTheory]
    [MemberData(nameof(OtherBoards))]
    public void Every_case_matches_golden_on_other_boards(string model, string target) => AllCasesMatchGolden(model, target);

    [SharedTheory]
    [MemberData(nameof(M55))]
    public void Every_case_matches_golden_on_m55(string model, string target) => AllCasesMatchGolden(model, target);

    [SharedTheory]
    [MemberData(nameof(CortexA))]
    public void Every_case_matches_golden_on_cortex_a(string model, string target) => AllCasesMatchGolden(model, target);

    private static void AllCasesMatchGolden(string model, string target)
    {
        SharedData.RequireModels();
        var graph = TfliteImporter.Load(SharedModels.ModelPath(model));
        using var dir = new TempDirectory();
        var (project, _) = Compiler.GenerateAndBuild(graph, TargetCatalog.Find(target), dir.File("project"));
        foreach (var c in SharedModels.Cases(model))
        {
            var run = TargetRunner.Run(project, new[] { File.ReadAllBytes(c.InputPath) });
            var golden = File.ReadAllBytes(c.OutputPath);
            Assert.True(golden.AsSpan().SequenceEqual(run.Outputs[0]), $"{c} on {target}: output differs from the golden");
            if (project.Model.Target.Qemu is not null) Assert.True(run.Instructions > 0, $"{c} on {target}: no instruction count reported");
        }
    }
}
