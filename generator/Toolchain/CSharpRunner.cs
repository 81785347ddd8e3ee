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
        if (build.RuntimeIdentifier != CSharpProjectEmitter.HostRid)
        {
            if (!build.Aot || build.RuntimeIdentifier != "linux-arm64" || !ProcessRunner.OnPath("qemu-aarch64"))
                throw new EdgeGenException($"a {build.RuntimeIdentifier} build cannot run on this {CSharpProjectEmitter.HostRid} machine; copy {build.Program} to the device (linux-arm64 NativeAOT binaries run here under qemu-aarch64: apt-get install qemu-user)");
            (program, programArgs) = ("qemu-aarch64", new[] { "-L", Arm64Sysroot, build.Program }.Concat(args));
        }
        var result = ProcessRunner.Run(program, programArgs, files.Directory, Timeout);
        var log = result.StandardOutput + result.StandardError;
        if (result.TimedOut) throw new EdgeGenException($"the C# model did not finish within {Timeout.TotalSeconds:F0} s and was stopped (project at {project.Directory})");
        if (result.ExitCode != 0)
            throw new EdgeGenException($"the C# model failed with exit code {result.ExitCode}: {string.Join(" | ", log.Split('\n', StringSplitOptions.RemoveEmptyEntries).Take(3))} (project at {project.Directory})");
        var bytes = files.ReadOutputs("the C# model");
        var m = TimePattern().Match(result.StandardOutput);
        return new CSharpMeasurement(bytes, m.Success ? double.Parse(m.Groups["ns"].Value, CultureInfo.InvariantCulture) : null);
    }

    [GeneratedRegex("EDGEGEN ns_per_inference=(?<ns>[0-9.]+)")]
    private static partial Regex TimePattern();
}
