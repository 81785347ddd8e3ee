using System.Globalization;
using System.Text.RegularExpressions;
using EdgeGen.Emit.CSharp;

namespace EdgeGen.Toolchain;

/// <summary>What one run of a built C# project produced: the output tensors and, when timed, the median time per inference.</summary>
public sealed record CSharpMeasurement(byte[][] Outputs, double? NsPerInference);

/// <summary>
/// Runs a built C# project's harness on raw input files: natively when it was built for this
/// machine, under qemu-aarch64 (user mode, with the aarch64 sysroot) for a linux-arm64 NativeAOT
/// binary on an x64 machine.
/// </summary>
public static partial class CSharpRunner
{
    public static TimeSpan Timeout { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Where Debian's libc6-dev-arm64-cross puts the aarch64 sysroot qemu-aarch64 needs.</summary>
    public const string Arm64Sysroot = "/usr/aarch64-linux-gnu";

    public static CSharpMeasurement Run(CSharpProject project, CSharpBuild build, IReadOnlyList<byte[]> inputs, int repeat)
    {
        var graph = project.Model.Graph;
        var files = RunFiles.Prepare(project.Directory, inputs, graph.Outputs.Length);
        var args = build.Prefix.Concat(files.Arguments).ToList();
        if (repeat > 0) args.AddRange(["--repeat", repeat.ToString(CultureInfo.InvariantCulture)]);

        var (program, programArgs) = (build.Program, (IEnumerable<string>)args);
        if (IsEmulated(build.RuntimeIdentifier))
        {
            CheckCanRun(build.RuntimeIdentifier, build.Aot);
            (program, programArgs) = ("qemu-aarch64", new[] { "-L", Arm64Sysroot, build.Program }.Concat(args));
        }
        var result = ProcessRunner.Run(program, programArgs, files.Directory, Timeout);
        var log = result.StandardOutput + result.StandardError;
        if (result.TimedOut) throw new EdgeGenException($"the C# model did not finish within {Timeout.TotalSeconds:F0} s and was stopped (project at {project.Directory})");
        if (result.ExitCode != 0)
            throw new EdgeGenException($"the C# model failed with exit code {result.ExitCode}: {string.Join(" | ", log.Split('\n', StringSplitOptions.RemoveEmptyEntries).Take(3))} (project at {project.Directory})");
        var bytes = files.ReadOutputs("the C# model");
        return new CSharpMeasurement(bytes, HostTimer.NsFrom(result.StandardOutput));
    }

    /// <summary>True when a build for <paramref name="rid"/> runs here under QEMU rather than natively.</summary>
    public static bool IsEmulated(string rid) => rid != CSharpProjectEmitter.HostRid;

    /// <summary>Fails before any build when a project for <paramref name="rid"/> could not be run on this machine.</summary>
    public static void CheckCanRun(string rid, bool aot)
    {
        if (!IsEmulated(rid)) return;
        if (rid != "linux-arm64" || !aot)
            throw new EdgeGenException($"a {rid} build runs on this {CSharpProjectEmitter.HostRid} machine only as a NativeAOT binary under qemu-aarch64: add --aot, or use `edgegen build --lang csharp` and run it on the device");
        if (!ProcessRunner.OnPath("qemu-aarch64") || !Directory.Exists(Arm64Sysroot))
            throw new EdgeGenException($"running a linux-arm64 binary here needs qemu-aarch64 and the aarch64 sysroot {Arm64Sysroot}: apt-get install qemu-user libc6-dev-arm64-cross");
    }
}
