using System.Globalization;
using System.Text;
using System.Text.Json;
using EdgeGen.Emit.C;
using EdgeGen.Pipeline;
using EdgeGen.Targets;

namespace EdgeGen.Cli;

/// <summary>
/// `edgegen bench --ternary --target T` on Cortex-M: every C kernel variant that applies to each ternary bench layer
/// (<see cref="TernaryBenchLayer"/>) run in QEMU with a profiling build — the layer's exact instruction count, per weight and
/// per non-zero weight, the model object's flash bytes per weight — against EdgeGen's int8 kernel on the same layer and
/// the peer's CMSIS-NN fully connected kernels (bench/peers.json, kernels_fully_connected).
/// </summary>
internal static class CortexMTernaryBench
{
    private sealed record Row(TernaryBenchLayer Layer, string Variant, bool Chosen, long Instructions, long FlashBytes, bool BitExact);

    public static int Run(TargetSpec spec, string peersPath)
    {
        if (!(spec.IsCortexM && spec.Qemu is not null)) throw new EdgeGenException($"bench --ternary counts instructions per layer in QEMU; {spec.Name} is not a Cortex-M target");
        var peers = PeerKernel.Load(peersPath);
        var rows = new List<Row>();
        foreach (var layer in TernaryBenchLayer.All())
        {
            var choice = KernelSelection.Choose(layer.Graph, 0, spec);
            foreach (var option in choice.Options)
                rows.Add(Measure(layer, option.Name, option.Name == choice.Variant, spec));
        }
        Console.WriteLine(Render(spec, rows, peers));
        return rows.All(r => r.BitExact) ? 0 : 3;
    }

    private static Row Measure(TernaryBenchLayer layer, string variant, bool chosen, TargetSpec spec)
    {
        Progress.Line($"{layer.Name} with {variant} on {spec.Name}");
        var graph = layer.Graph;
        var input = new byte[graph[graph.Inputs[0]].ByteSize];
        new Random(7).NextBytes(input);
        var dir = Path.Combine(Path.GetTempPath(), $"edgegen-bench-ternary-{layer.Name}-{variant}-{spec.Name}-{Guid.NewGuid():N}");
        var overrides = new KernelOverrides(new Dictionary<string, string> { [graph.Operators[0].Kind] = variant });
        var run = Compiler.Run(graph, spec, [input], dir, options: new CompileOptions(overrides, Profile: true));
        var instructions = run.Measurement.Profile?.LayerInstructions[0] ?? throw new EdgeGenException($"{spec.Name}: the profiling run reported no per-layer instructions");
        if (run.MatchesReference) Directory.Delete(dir, recursive: true);
        return new Row(layer, variant, chosen, instructions, run.Figures.ModelFlashBytes, run.MatchesReference);
    }

    private static string Render(TargetSpec spec, List<Row> rows, PeerKernel peers)
    {
        var c = CultureInfo.InvariantCulture;
        var sb = new StringBuilder();
        sb.AppendLine($"edgegen bench --ternary on {spec.Name} (QEMU {spec.Qemu!.Machine}): one call of the layer, exact instructions from a profiling build;");
        sb.AppendLine("per weight = per MAC (a convolution's weights times its output pixels); flash = the model object (kernel code, constants, weights);");
        sb.AppendLine("x int8 = EdgeGen's int8 kernel's instructions / this variant's; peer = this variant's instructions / CMSIS-NN's on the same shape; * = the variant EdgeGen picks");
        var header = string.Format(c, "{0,-22} {1,-20} {2,11} {3,9} {4,9} {5,9} {6,8} {7,7} {8,-38} {9,9}",
            "layer", "variant", "instructions", "insn/w", "insn/nz", "flash", "flash/w", "x int8", "peer (ours/CMSIS-NN)", "bit-exact");
        sb.AppendLine(header);
        sb.AppendLine(new string('-', header.Length));
        foreach (var group in rows.GroupBy(r => r.Layer))
        {
            var layer = group.Key;
            var int8 = group.Where(r => !r.Variant.StartsWith("ternary", StringComparison.Ordinal)).Select(r => (long?)r.Instructions).Min();
            foreach (var r in group)
            {
                var nonZeroMacs = (double)layer.NonZero * layer.Macs / layer.Weights;
                var peer = layer.IsFullyConnected
                    ? string.Join(", ", peers.For(spec.Name, layer.In, layer.Out).Select(p => $"{p.Build} {p.Kernel} {(double)r.Instructions / p.Instructions:F2}"))
                    : "-";
                sb.AppendLine(string.Format(c, "{0,-22} {1,-20} {2,11:N0} {3,9:F3} {4,9:F3} {5,9:N0} {6,8:F3} {7,7} {8,-38} {9,9}",
                    layer.Name, r.Variant + (r.Chosen ? " *" : ""), r.Instructions, (double)r.Instructions / layer.Macs,
                    r.Instructions / nonZeroMacs, r.FlashBytes, (double)r.FlashBytes / layer.Weights,
                    int8 is { } i ? ((double)i / r.Instructions).ToString("F2", c) : "-", peer, r.BitExact ? "yes" : "NO"));
            }
            sb.AppendLine(string.Format(c, "  {0}: {1:N0} weights, {2:P1} zeros, {3:N0} MACs", layer.Name, layer.Weights, 1 - (double)layer.NonZero / layer.Weights, layer.Macs));
        }
        return sb.ToString().TrimEnd();
    }
}

/// <summary>The peer's fully connected kernel figures in bench/peers.json (kernels_fully_connected), by build, kernel and shape.</summary>
internal sealed class PeerKernel
{
    public sealed record Result(string Build, string Kernel, int In, int Out, long Instructions);

    private readonly List<Result> _results;
    private PeerKernel(List<Result> results) => _results = results;

    /// <summary>The s8 and s4 fully connected results of the builds for a target (cortex-m4+fp for cortex-m4; cortex-m55 and cortex-m55-clang for cortex-m55).</summary>
    public IEnumerable<Result> For(string target, int inputs, int outputs) => _results.Where(r =>
        (r.Build == target || r.Build.StartsWith(target + "+", StringComparison.Ordinal) || r.Build.StartsWith(target + "-", StringComparison.Ordinal))
        && r.In == inputs && r.Out == outputs && r.Kernel.StartsWith("fully_connected_", StringComparison.Ordinal));

    public static PeerKernel Load(string path)
    {
        if (!File.Exists(path)) return new PeerKernel(new());
        try
        {
            using var doc = JsonDocument.Parse(File.ReadAllText(path));
            if (!doc.RootElement.TryGetProperty("kernels_fully_connected", out var k)) return new PeerKernel(new());
            return new PeerKernel(k.GetProperty("results").EnumerateArray().Select(r => new Result(
                r.GetProperty("build").GetString()!, r.GetProperty("kernel").GetString()!, r.GetProperty("in").GetInt32(),
                r.GetProperty("out").GetInt32(), r.GetProperty("instructions").GetInt64())).ToList());
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException)
        {
            throw new EdgeGenException($"{path}: not a valid peer figures file ({e.Message})");
        }
    }
}
