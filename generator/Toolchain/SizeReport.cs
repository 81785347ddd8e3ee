using System.Globalization;

namespace EdgeGen.Toolchain;

/// <summary>Flash and static RAM of a linked image or object, from `size -A` (System V format).</summary>
public sealed record SizeReport(long FlashBytes, long StaticRamBytes, IReadOnlyDictionary<string, long> Sections)
{
    public static SizeReport Measure(string sizeTool, string file)
    {
        var r = ProcessRunner.Run(sizeTool, new[] { "-A", file }, timeout: TimeSpan.FromMinutes(1));
        if (r.ExitCode != 0) throw new EdgeGenException($"{sizeTool} failed on {file}: {r.StandardError.Trim()}");
        return Parse(r.StandardOutput);
    }

    /// <summary>Flash = code and read-only data plus the initial values of .data; static RAM = .data + .bss (stack excluded).</summary>
    public static SizeReport Parse(string sizeOutput)
    {
        var sections = new SortedDictionary<string, long>(StringComparer.Ordinal);
        foreach (var line in sizeOutput.Split('\n'))
        {
            var parts = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length >= 2 && parts[0].StartsWith('.') && long.TryParse(parts[1], NumberStyles.Integer, CultureInfo.InvariantCulture, out var size))
                sections[parts[0]] = sections.GetValueOrDefault(parts[0]) + size;
        }
        static bool IsFlash(string s) => s == ".text" || s.StartsWith(".text.", StringComparison.Ordinal) || s.StartsWith(".rodata", StringComparison.Ordinal)
            || s == ".data" || s.StartsWith(".data.", StringComparison.Ordinal) || s == ".ARM.exidx" || s == ".vectors";
        static bool IsRam(string s) => s == ".data" || s.StartsWith(".data.", StringComparison.Ordinal) || s == ".bss" || s.StartsWith(".bss.", StringComparison.Ordinal);
        return new SizeReport(sections.Where(kv => IsFlash(kv.Key)).Sum(kv => kv.Value), sections.Where(kv => IsRam(kv.Key)).Sum(kv => kv.Value), sections);
    }
}
