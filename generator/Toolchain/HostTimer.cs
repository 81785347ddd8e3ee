using System.Globalization;
using System.Text.RegularExpressions;
using EdgeGen.Emit.Project;

namespace EdgeGen.Toolchain;

/// <summary>
/// Times a host build of generated C: its harness runs with `--repeat N` and prints the median
/// time per inference (the same sampling as the C# harness, so the two compare like for like).
/// </summary>
public static partial class HostTimer
{
    public static double NsPerInference(GeneratedProject project, IReadOnlyList<byte[]> inputs, int repeat)
    {
        if (!project.Model.Target.IsHost) throw new EdgeGenException($"timing runs natively: target {project.Model.Target.Name} is not the host");
        var files = RunFiles.Prepare(project.Directory, inputs, project.Model.Graph.Outputs.Length);
        var args = files.Arguments.Concat(["--repeat", repeat.ToString(CultureInfo.InvariantCulture)]);
        var result = ProcessRunner.Run(project.BinaryPath, args, files.Directory, TargetRunner.Timeout);
        var ns = NsFrom(result.StandardOutput);
        if (result.ExitCode != 0 || ns is null)
            throw new EdgeGenException($"the timed host run failed (exit code {result.ExitCode}): {string.Join(" | ", (result.StandardOutput + result.StandardError).Split('\n', StringSplitOptions.RemoveEmptyEntries).Take(3))} (project at {project.Directory})");
        return ns.Value;
    }

    /// <summary>The "EDGEGEN ns_per_inference=..." line both harnesses (C and C#) print when timed, or null.</summary>
    public static double? NsFrom(string output)
    {
        var m = TimePattern().Match(output);
        return m.Success ? double.Parse(m.Groups["ns"].Value, CultureInfo.InvariantCulture) : null;
    }

    [GeneratedRegex("EDGEGEN ns_per_inference=(?<ns>[0-9.]+)")]
    private static partial Regex TimePattern();
}
