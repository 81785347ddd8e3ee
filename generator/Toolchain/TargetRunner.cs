using System.Globalization;
using System.Text.RegularExpressions;
using EdgeGen.Emit.Project;
using EdgeGen.Targets;

namespace EdgeGen.Toolchain;

/// <summary>What one run of a built project produced: output tensors and, on QEMU targets, the measured figures.</summary>
public sealed record RunMeasurement(byte[][] Outputs, long? Instructions, int? MeasuredStackBytes, LayerProfile? Profile = null);

/// <summary>
/// A profiling run's instructions per operator: the timer read after each operator, less the instructions one
/// read adds (<see cref="MarkInstructions"/>, measured by the harness on 200 reads in a row).
/// </summary>
public sealed record LayerProfile(long MarkInstructions, IReadOnlyList<long> RawLayerInstructions)
{
    public IReadOnlyList<long> LayerInstructions => RawLayerInstructions.Select(n => Math.Max(n - MarkInstructions, 0)).ToList();
}

/// <summary>
/// Runs a built project on its target: natively for the host, under QEMU with semihosting for
/// Cortex-M (with -icount shift=0 so the harness's timer counts instructions), under QEMU user mode
/// for Cortex-A (the exact instruction-counting plugin counts between the harness's two marker
/// functions). Inputs and outputs are raw tensor files in a run directory.
/// </summary>
public static partial class TargetRunner
{
    public static TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(120);

    public static RunMeasurement Run(GeneratedProject project, IReadOnlyList<byte[]> inputs)
    {
        var target = project.Model.Target;
        var graph = project.Model.Graph;
        var files = RunFiles.Prepare(project.Directory, inputs, graph.Outputs.Length);
        var (runDir, args) = (files.Directory, files.Arguments);

        ProcessResult result;
        IReadOnlyList<long>? counted = null;
        if (target.IsHost)
        {
            result = ProcessRunner.Run(project.BinaryPath, args, runDir, Timeout);
        }
        else if (target.Qemu is { UserMode: true } user)
        {
            (result, var intervals) = RunUserMode(target, project.BinaryPath, args, runDir);
            counted = user.CountsWithPlugin ? intervals : null;
        }
        else if (target.Qemu is { } qemu)
        {
            Toolchains.RequireEmulator(target);
            result = ProcessRunner.Run(qemu.Binary, QemuArguments(qemu, project.BinaryPath, args), runDir, Timeout);
        }
        else
        {
            throw new EdgeGenException($"target {target.Name} cannot be run here (no emulator); use `edgegen build` and run it on the device");
        }

        var log = result.StandardOutput + result.StandardError;
        if (result.TimedOut)
            throw new EdgeGenException($"the {target.Name} run did not finish within {Timeout.TotalSeconds:F0} s and was stopped (project at {project.Directory})");
        if (result.ExitCode != 0)
            throw new EdgeGenException($"the {target.Name} run failed with exit code {result.ExitCode}: {FirstLines(log)} (project at {project.Directory})");
        var outputBytes = files.ReadOutputs($"the {target.Name} run");
        if (counted is not null && ProfileLayersPattern().Match(log) is { Success: true } profiled)
            return PluginProfile.Measurement(outputBytes, counted, int.Parse(profiled.Groups["n"].Value, CultureInfo.InvariantCulture),
                $"the {target.Name} profiling run (project at {project.Directory})");
        if (counted is not null)
            return new RunMeasurement(outputBytes, counted.Count == 1 ? counted[0] : throw new EdgeGenException(
                $"the {target.Name} run reported {counted.Count} counted intervals instead of one (project at {project.Directory})"), null);
        var m = ReportPattern().Match(log);
        return new RunMeasurement(outputBytes,
            m.Success ? long.Parse(m.Groups["insns"].Value, CultureInfo.InvariantCulture) : null,
            m.Success ? int.Parse(m.Groups["stack"].Value, CultureInfo.InvariantCulture) : null,
            ParseProfile(log));
    }

    private static LayerProfile? ParseProfile(string log)
    {
        var mark = MarkPattern().Match(log);
        if (!mark.Success) return null;
        var layers = LayerPattern().Matches(log)
            .OrderBy(l => int.Parse(l.Groups["layer"].Value, CultureInfo.InvariantCulture))
            .Select(l => long.Parse(l.Groups["insns"].Value, CultureInfo.InvariantCulture))
            .ToList();
        return new LayerProfile(long.Parse(mark.Groups["mark"].Value, CultureInfo.InvariantCulture), layers);
    }

    /// <summary>
    /// Runs a static Linux binary under QEMU user mode with the instruction-counting plugin between
    /// the functions <see cref="InsnCountPlugin.StartMarker"/> and <see cref="InsnCountPlugin.EndMarker"/>;
    /// returns the process result and the instructions of each interval the program ran.
    /// </summary>
    public static (ProcessResult Result, IReadOnlyList<long> Intervals) RunUserMode(TargetSpec target, string binary, IEnumerable<string> programArgs, string workDir)
    {
        var qemu = target.Qemu ?? throw new InvalidOperationException($"target {target.Name} has no emulator");
        Toolchains.RequireEmulator(target);
        var counterFile = Path.Combine(workDir, "insn_count.txt");
        File.Delete(counterFile);
        var args = new List<string>();
        if (qemu.Cpu is { } cpu) args.AddRange(new[] { "-cpu", cpu });
        args.AddRange(qemu.ExtraArgs);
        if (qemu.CountsWithPlugin)
        {
            var start = InsnCountPlugin.SymbolAddress(target.NmTool, binary, InsnCountPlugin.StartMarker);
            var end = InsnCountPlugin.SymbolAddress(target.NmTool, binary, InsnCountPlugin.EndMarker);
            args.AddRange(new[] { "-plugin", InsnCountPlugin.Argument(start, end, counterFile) });
        }
        args.Add(binary);
        args.AddRange(programArgs);
        var result = ProcessRunner.Run(qemu.Binary, args, workDir, Timeout);
        return (result, InsnCountPlugin.Intervals(counterFile));
    }

    public static IEnumerable<string> QemuArguments(QemuSpec qemu, string elf, IEnumerable<string> programArgs)
    {
        var args = new List<string>();
        if (qemu.Machine is { } machine) args.AddRange(new[] { "-M", machine });
        if (qemu.Cpu is { } cpu) args.AddRange(new[] { "-cpu", cpu });
        args.AddRange(new[] { "-nographic", "-monitor", "none", "-serial", "null", "-icount", "shift=0" });
        var semihosting = "enable=on,target=native,arg=firmware" + string.Concat(programArgs.Select(a => ",arg=" + a));
        args.AddRange(new[] { "-semihosting-config", semihosting, "-kernel", elf });
        args.AddRange(qemu.ExtraArgs);
        return args;
    }

    private static string FirstLines(string log) => string.Join(" | ", log.Split('\n', StringSplitOptions.RemoveEmptyEntries).Take(3).Select(l => l.Trim()));

    [GeneratedRegex("EDGEGEN instructions=(?<insns>\\d+) stack=(?<stack>\\d+)")]
    private static partial Regex ReportPattern();

    [GeneratedRegex("EDGEGEN profile layers=(?<n>\\d+)")]
    private static partial Regex ProfileLayersPattern();

    [GeneratedRegex("EDGEGEN mark=(?<mark>\\d+)")]
    private static partial Regex MarkPattern();

    [GeneratedRegex("EDGEGEN layer=(?<layer>\\d+) instructions=(?<insns>\\d+)")]
    private static partial Regex LayerPattern();
}
