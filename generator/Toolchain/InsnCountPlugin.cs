using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;

namespace EdgeGen.Toolchain;

/// <summary>
/// The exact instruction counter for QEMU: a TCG plugin (qemu-plugin/insn_count.c, plugin API v1)
/// that counts the guest instructions executed from the entry of a start marker function to the
/// entry of an end marker function. It is compiled with the host gcc on first use into a cache
/// directory keyed by its source, so a changed source is rebuilt and every process shares one copy.
/// Do not combine it with -icount (QEMU re-executes part of a block after an MMIO access there).
/// </summary>
public static partial class InsnCountPlugin
{
    /// <summary>The marker functions a counted program defines (noinline, noipa): counting runs from entry of the first to entry of the second.</summary>
    public const string StartMarker = "eg_bench_start";
    public const string EndMarker = "eg_bench_end";

    private const string SourceFile = "insn_count.c";
    private static readonly object Lock = new();
    private static string? _built;

    /// <summary>The -plugin argument that counts from <paramref name="start"/> to <paramref name="end"/> and writes the intervals to <paramref name="outFile"/>.</summary>
    public static string Argument(ulong start, ulong end, string outFile) =>
        string.Create(CultureInfo.InvariantCulture, $"{SharedObject()},start=0x{start:x},end=0x{end:x},out={outFile}");

    /// <summary>The instructions of each completed start-to-end interval, in order, from the plugin's output file.</summary>
    public static IReadOnlyList<long> Intervals(string outFile) => !File.Exists(outFile)
        ? Array.Empty<long>()
        : IntervalPattern().Matches(File.ReadAllText(outFile)).Select(m => long.Parse(m.Groups["n"].Value, CultureInfo.InvariantCulture)).ToList();

    /// <summary>The address of a function symbol in a linked (static, non-PIE) binary, from nm.</summary>
    public static ulong SymbolAddress(string nmTool, string binary, string symbol)
    {
        var r = ProcessRunner.Run(nmTool, new[] { binary }, timeout: TimeSpan.FromMinutes(1));
        if (r.ExitCode != 0) throw new EdgeGenException($"{nmTool} failed on {binary}: {r.StandardError.Trim()}");
        foreach (var line in r.StandardOutput.Split('\n'))
        {
            var parts = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length == 3 && parts[2] == symbol && parts[1] is "T" or "t")
                return ulong.Parse(parts[0], NumberStyles.HexNumber, CultureInfo.InvariantCulture);
        }
        throw new EdgeGenException($"{binary} has no function '{symbol}' (the instruction counter's marker)");
    }

    /// <summary>The compiled plugin, built once per source version.</summary>
    public static string SharedObject()
    {
        lock (Lock)
        {
            if (_built is not null && File.Exists(_built)) return _built;
            var sourceDir = ResourcePaths.QemuPlugin;
            var hash = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(string.Concat(
                Directory.GetFiles(sourceDir).Order(StringComparer.Ordinal).Select(File.ReadAllText))))).ToLowerInvariant()[..16];
            var dir = Path.Combine(CacheRoot(), $"qemu-plugin-{hash}");
            var so = Path.Combine(dir, "insn_count.so");
            if (!File.Exists(so)) Build(sourceDir, dir, so);
            return _built = so;
        }
    }

    private static void Build(string sourceDir, string dir, string so)
    {
        Toolchains.RequireHostCompiler();
        Directory.CreateDirectory(dir);
        // Built under a unique name, then renamed: concurrent EdgeGen processes never load a half-written file.
        var temp = Path.Combine(dir, $".insn_count-{Environment.ProcessId}-{Guid.NewGuid():N}.so");
        var r = ProcessRunner.Run("gcc", new[] { "-shared", "-fPIC", "-O2", "-Wall", "-Wextra", "-Werror", "-fvisibility=hidden",
            "-o", temp, Path.Combine(sourceDir, SourceFile) }, timeout: TimeSpan.FromMinutes(2));
        if (r.ExitCode != 0)
        {
            File.Delete(temp);
            throw new EdgeGenException($"building the QEMU instruction-counting plugin failed: {r.StandardError.Trim()}");
        }
        File.Move(temp, so, overwrite: true);
    }

    private static string CacheRoot()
    {
        if (Environment.GetEnvironmentVariable("XDG_CACHE_HOME") is { Length: > 0 } xdg) return Path.Combine(xdg, "edgegen");
        var home = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
        return home.Length > 0 ? Path.Combine(home, ".cache", "edgegen") : Path.Combine(Path.GetTempPath(), "edgegen-cache");
    }

    [GeneratedRegex(@"insn_count: interval \d+ insns (?<n>\d+)")]
    private static partial Regex IntervalPattern();
}
