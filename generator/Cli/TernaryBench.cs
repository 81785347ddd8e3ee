using System.Globalization;
using System.Text;
using EdgeGen.Emit.C;
using EdgeGen.Examples;
using EdgeGen.Ir;
using EdgeGen.Pipeline;
using EdgeGen.Targets;

namespace EdgeGen.Cli;

/// <summary>
/// `edgegen bench --ternary --target cortex-a76|a72|a53`: a seeded ternary FULLY_CONNECTED layer
/// (<see cref="TernaryLayerExample"/>: trits with a third zeros, batch 1) at 2048x2048 and 256x256, run
/// with each FULLY_CONNECTED variant that applies (the ternary kernels and the int8 NEON kernel), the
/// instructions of one inference counted exactly under qemu-aarch64, per weight, with the ratio to the
/// peers of ../shared/bench/peers-aarch64.json for the build the core runs (dotprod on cortex-a76).
/// </summary>
internal static class TernaryBench
{
    /// <summary>Peers shown as columns: (heading, kernel name prefix in peers-aarch64.json).</summary>
    private static readonly (string Heading, string Kernel)[] Peers =
    {
        ("I2_S", "bitnet I2_S"), ("TL1", "bitnet TL1 BM256"), ("TQ2_0", "ggml TQ2_0"), ("i8 sdot4", "own i8_sdot4"), ("i8 mull4", "own i8_mull4"),
    };

    private static readonly (int Units, int Depth)[] Shapes = { (2048, 2048), (256, 256) };

    public static int Run(TargetSpec spec, string? sizes)
    {
        if (spec.Family != "cortex-a" || !spec.CanRun)
            throw new EdgeGenException($"target {spec.Name}: bench --ternary needs a Cortex-A target that runs here (cortex-a53, cortex-a72, cortex-a76)");
        var shapes = sizes is null ? Shapes : ParseShapes(sizes);
        var peers = Aarch64PeerFigures.Load(Path.Combine(ResourcePaths.Shared, "bench", "peers-aarch64.json"));
        var rows = new List<TernaryBenchRow>();
        foreach (var (units, depth) in shapes)
        {
            var layer = new TernaryLayerSpec(units, depth);
            var graph = TernaryLayerExample.Create(layer);
            var input = TernaryLayerExample.Input(layer);
            var options = KernelSelection.Choose(graph, 0, spec).Options;
            foreach (var option in options.Where(o => o.Name.StartsWith("neon", StringComparison.Ordinal)))
                rows.Add(Measure(graph, input, spec, option, units, depth));
        }
        Console.WriteLine(Render(spec, rows, peers));
        return rows.All(r => r.BitExact) ? 0 : 3;
    }

    private static TernaryBenchRow Measure(Graph graph, byte[] input, TargetSpec spec, KernelOption option, int units, int depth)
    {
        Progress.Line($"{graph.Name} with {option.Name} on {spec.Name}");
        var dir = Path.Combine(Path.GetTempPath(), $"edgegen-bench-ternary-{Environment.ProcessId}-{units}x{depth}-{option.Name}-{spec.Name}");
        var overrides = new KernelOverrides(new Dictionary<string, string> { ["FULLY_CONNECTED"] = option.Name });
        var run = Compiler.Run(graph, spec, new[] { input }, dir, options: new CompileOptions(overrides));
        if (run.MatchesReference && Environment.GetEnvironmentVariable("EDGEGEN_KEEP") is null) Directory.Delete(dir, recursive: true);
        var flashBytes = run.Figures.FlashBytes;
        return new TernaryBenchRow(option.Name, run.Project.Model.Kernels[0].Variant, units, depth, run.Measurement.Instructions,
            option.EstimatedInstructions, flashBytes, run.MatchesReference);
    }

    private static string Render(TargetSpec spec, IReadOnlyList<TernaryBenchRow> rows, Aarch64PeerFigures peers)
    {
        var c = CultureInfo.InvariantCulture;
        var build = spec.Has("dotprod") ? "dotprod" : "base";
        var sb = new StringBuilder();
        sb.AppendLine($"edgegen bench --ternary on {spec.Name} (qemu-aarch64, exact instruction count of one inference, batch 1); " +
                      $"peers: ../shared/bench/peers-aarch64.json, '{build}' build, instructions per weight (total)");
        var header = string.Format(c, "{0,-10} {1,-26} {2,12} {3,12} {4,9} {5,11} {6,9}", "layer", "variant", "instructions", "estimated", "insn/w", "flash", "bit-exact")
            + string.Concat(Peers.Select(p => string.Format(c, " {0,9}", "x" + p.Heading)));
        sb.AppendLine(header);
        sb.AppendLine(new string('-', header.Length));
        foreach (var row in rows)
        {
            var perWeight = row.Instructions is { } n ? (double)n / ((long)row.Units * row.Depth) : (double?)null;
            sb.Append(string.Format(c, "{0,-10} {1,-26} {2,12} {3,12:N0} {4,9} {5,11:N0} {6,9}", $"{row.Units}x{row.Depth}", row.Emitted,
                row.Instructions is { } i ? i.ToString("N0", c) : "-", row.Estimated, perWeight is { } w ? w.ToString("F4", c) : "-",
                row.FlashBytes, row.BitExact ? "yes" : "NO"));
            foreach (var (_, kernel) in Peers)
            {
                var peer = peers.Find(kernel, build, row.Units, row.Depth);
                sb.Append(string.Format(c, " {0,9}", perWeight is { } ours && peer is { InstructionsPerWeight: > 0 } p ? (ours / p.InstructionsPerWeight).ToString("F2", c) : "-"));
            }
            sb.AppendLine();
        }
        sb.AppendLine(new string('-', header.Length));
        sb.Append("peer instructions per weight: ");
        sb.Append(string.Join("; ", Shapes.SelectMany(s => Peers.Select(p => (s, p, peers.Find(p.Kernel, build, s.Units, s.Depth))))
            .Where(x => x.Item3 is not null)
            .Select(x => string.Format(c, "{0} {1}x{2} {3:F3}", x.p.Heading, x.s.Units, x.s.Depth, x.Item3!.InstructionsPerWeight))));
        sb.AppendLine();
        sb.Append("xPEER = our instructions per weight / the peer's (below 1: fewer instructions than the peer)");
        return sb.ToString();
    }

    /// <summary>"2048x2048,256x256": units x depth per layer.</summary>
    private static (int, int)[] ParseShapes(string text) => text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
        .Select(s => s.Split('x') is [var u, var d] && int.TryParse(u, out var units) && int.TryParse(d, out var depth) && units > 0 && depth > 0
            ? (units, depth)
            : throw new EdgeGenException($"--sizes '{text}': expected UNITSxDEPTH[,UNITSxDEPTH...] with positive integers, e.g. 2048x2048,256x256"))
        .ToArray();
}

/// <summary>One variant on one layer: its exact instructions, the cost model's estimate, flash bytes and bit-exactness.</summary>
internal sealed record TernaryBenchRow(string Variant, string Emitted, int Units, int Depth, long? Instructions, long Estimated, long FlashBytes, bool BitExact);
