using EdgeGen.Emit.CSharp;
using EdgeGen.Import.TFLite;
using EdgeGen.Reference;
using EdgeGen.Targets;
using EdgeGen.Tests.Support;
using EdgeGen.Toolchain;
using Xunit;

namespace EdgeGen.Tests.CSharp;

/// <summary>
/// The generated project published with NativeAOT and run as a native binary, bit-exact on every
/// case of micro_speech_quantized (depthwise, fully connected, reshape, softmax): for linux-x64 on
/// this machine, and for linux-arm64 (Raspberry Pi) under qemu-aarch64 where the cross tools are installed.
/// </summary>
public class CSharpNativeAotTests
{
    private const string ModelName = "micro_speech_quantized";

    [SharedFact]
    public void Linux_x64_native_binary_is_bit_exact() => PublishAndRun("host");

    internal static void PublishAndRun(string targetName)
    {
        SharedData.RequireModels();
        var graph = TfliteImporter.Load(SharedModels.ModelPath(ModelName));
        var target = TargetCatalog.Find(targetName);
        var dir = Path.Combine(Path.GetTempPath(), $"edgegen-aot-test-{Environment.ProcessId}-{targetName}");
        try
        {
            var project = CSharpProjectEmitter.Emit(CSharpModel.Create(graph, target), dir);
            var build = DotnetBuilder.Build(project, CSharpProjectEmitter.RidFor(target), aot: true);
            Assert.True(File.Exists(build.Program), $"no native binary at {build.Program}");
            foreach (var c in SharedModels.Cases(ModelName))
            {
                var input = File.ReadAllBytes(c.InputPath);
                var run = CSharpRunner.Run(project, build, [input], repeat: 3);
                Bytes.AssertEqual(ReferenceInterpreter.Run(graph, [input])[0], run.Outputs[0], $"{c} ({build.RuntimeIdentifier} NativeAOT) vs reference");
                Assert.True(run.NsPerInference > 0, "the harness printed no ns_per_inference");
            }
        }
        finally
        {
            if (Directory.Exists(dir)) Directory.Delete(dir, recursive: true);
        }
    }
}

/// <summary>The linux-arm64 publish, in its own class so that xunit runs it beside the linux-x64 one.</summary>
public class CSharpNativeAotArm64Tests
{
    [Arm64Fact]
    public void Linux_arm64_native_binary_under_qemu_is_bit_exact() => CSharpNativeAotTests.PublishAndRun("cortex-a72");
}

/// <summary>
/// Needs the shared models (skipped with the reason when ../shared is missing, outside CI). The
/// linux-arm64 cross tools are never a reason to skip: without them the run fails with the error
/// naming the packages to install (targets/install-toolchains.sh installs them).
/// </summary>
public sealed class Arm64FactAttribute : FactAttribute
{
    public Arm64FactAttribute()
    {
        if (SharedData.SkipReason is { } reason) Skip = reason;
    }
}
