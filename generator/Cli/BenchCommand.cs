using System.CommandLine;
using System.Globalization;
using System.Text;
using System.Text.Json;
using EdgeGen.Import.TFLite;
using EdgeGen.Pipeline;
using EdgeGen.Targets;

namespace EdgeGen.Cli;

/// <summary>
/// `edgegen bench [--target cortex-m4] [--models DIR]`: runs every model of the shared models folder
/// (each folder with a manifest.json) on the target with its first input case and prints one table row
/// per model against the peer's figures (TFLite Micro + CMSIS-NN, ../shared/bench/peers.json).
/// </summary>
internal static class BenchCommand
{
    public static Command Create()
    {
        var target = new Option<string>("--target") { Description = "the target to run on (default cortex-m4)", DefaultValueFactory = _ => "cortex-m4" };
        var models = new Option<string?>("--models") { Description = "the models folder (default: ../shared/models beside the repository, or $EDGEGEN_SHARED/models)" };
        var lang = new Option<string>("--lang") { Description = "c (default): instructions against the peer on --target; csharp: time per inference of NativeAOT C# against the C, on this machine", DefaultValueFactory = _ => "c" };
        var repeat = new Option<int>("--repeat") { Description = "with --lang csharp: timed samples per model (1..1001)", DefaultValueFactory = _ => 21 };
        var ternary = new Option<bool>("--ternary") { Description = "instead of the models: every kernel variant on ternary layers, instructions and flash per weight against EdgeGen's int8 kernel and the peers (Cortex-M: 640x128 and 256x256 fully connected and a 3x3 conv against CMSIS-NN; Cortex-A: 2048x2048 and 256x256 against ../shared/bench/peers-aarch64.json)" };
        var sizes = new Option<string?>("--sizes") { Description = "with --ternary on Cortex-A: the layers as UNITSxDEPTH[,...] (default 2048x2048,256x256)" };
        var command = new Command("bench", "run every shared model on a target and compare instructions, arena, flash and stack with the peer (TFLite Micro + CMSIS-NN)") { target, models, lang, repeat, ternary, sizes };
        command.SetAction(r => Program.Guard(() =>
        {
            if (r.GetValue(ternary))
            {
                var t = TargetCatalog.Find(r.GetValue(target)!);
                return t.IsCortexM
                    ? CortexMTernaryBench.Run(t, Path.Combine(ResourcePaths.Shared, "bench", "peers.json"))
                    : TernaryBench.Run(t, r.GetValue(sizes));
            }
            var dir = r.GetValue(models) ?? Path.Combine(ResourcePaths.Shared, "models");
            if (!Directory.Exists(dir)) throw new EdgeGenException($"{dir}: models folder not found (use --models DIR or set EDGEGEN_SHARED)");
            switch (r.GetValue(lang))
            {
                case "csharp":
                    if (r.GetValue(repeat) is < 1 or > 1001) throw new EdgeGenException($"--repeat {r.GetValue(repeat)}: expected 1 to 1001 samples");
                    return LanguageBench.Run(dir, r.GetValue(repeat));
                case "c":
                    break;
                default:
                    throw new EdgeGenException($"--lang '{r.GetValue(lang)}': expected c or csharp");
            }
            var spec = TargetCatalog.Find(r.GetValue(target)!);
            if (!spec.CanRun) throw new EdgeGenException($"target {spec.Name} cannot be run here; bench needs a runnable target");
            var peers = PeerFigures.Load(Path.Combine(Path.GetDirectoryName(Path.GetFullPath(dir))!, "bench", "peers.json"));
            var rows = BenchModel.Discover(dir).Select(m => Run(m, spec)).ToList();
            Console.WriteLine(BenchTable.Render(spec, rows, peers));
            return rows.All(row => row.BitExact) ? 0 : 3;
        }));
        return command;
    }

    private static BenchRow Run(BenchModel model, TargetSpec spec)
    {
        Progress.Line($"{model.Name} on {spec.Name}");
        var graph = TfliteImporter.Load(model.ModelPath);
        var outDir = Path.Combine(Path.GetTempPath(), $"edgegen-bench-{Environment.ProcessId}-{model.Name}-{spec.Name}");
        var run = Compiler.Run(graph, spec, new[] { CliFiles.Read(model.InputPath) }, outDir);
        if (run.MatchesReference) Directory.Delete(outDir, recursive: true);
        return new BenchRow(model.Name, graph.TotalMacs, run.Measurement.Instructions, run.Figures.ArenaBytes, run.Figures.FlashBytes,
            run.Figures.FlashBytes - graph.WeightBytes, run.Figures.StackBytes, run.MatchesReference);
    }
}

/// <summary>A model folder of the shared models: the model file and its first input case, from manifest.json.</summary>
internal sealed record BenchModel(string Name, string ModelPath, string InputPath)
{
    public static IEnumerable<BenchModel> Discover(string dir) => Directory.GetDirectories(dir)
        .Where(d => File.Exists(Path.Combine(d, "manifest.json")))
        .Order(StringComparer.Ordinal)
        .Select(Read);

    private static BenchModel Read(string folder)
    {
        var manifest = Path.Combine(folder, "manifest.json");
        try
        {
            using var doc = JsonDocument.Parse(File.ReadAllText(manifest));
            var root = doc.RootElement;
            var firstCase = root.GetProperty("cases").EnumerateArray().First();
            return new BenchModel(Path.GetFileName(folder), Path.Combine(folder, root.GetProperty("model_file").GetString()!),
                Path.Combine(folder, firstCase.GetProperty("input").GetString()!));
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException)
        {
            throw new EdgeGenException($"{manifest}: cannot read the model file and first case ({e.Message})");
        }
    }
}

/// <summary>What one model measured on the target.</summary>
internal sealed record BenchRow(string Model, long Macs, long? Instructions, long ArenaBytes, long FlashBytes, long FlashWithoutWeights, long StackBytes, bool BitExact);

/// <summary>The bench table: our figures, and the ratio to the peer's where peers.json has the model on this target.</summary>
internal static class BenchTable
{
    public static string Render(TargetSpec target, IReadOnlyList<BenchRow> rows, PeerFigures peers)
    {
        var c = CultureInfo.InvariantCulture;
        var sb = new StringBuilder();
        sb.AppendLine($"edgegen bench on {target.Name}{(target.Qemu?.Machine is { } m ? $" (QEMU {m})" : "")}; ratios against TFLite Micro + CMSIS-NN ({PeerFigures.KernelSet})");
        var header = string.Format(c, "{0,-24} {1,11} {2,12} {3,6} {4,7} {5,8} {6,5} {7,8} {8,5} {9,12} {10,5} {11,6} {12,9}",
            "model", "MACs", "instructions", "ratio", "insn/MAC", "arena", "ratio", "flash", "ratio", "no-weights", "/code", "stack", "bit-exact");
        sb.AppendLine(header);
        sb.AppendLine(new string('-', header.Length));
        foreach (var row in rows)
        {
            var peer = peers.Find(target.Name, row.Model);
            sb.AppendLine(string.Format(c, "{0,-24} {1,11:N0} {2,12} {3,6} {4,7} {5,8:N0} {6,5} {7,8:N0} {8,5} {9,12:N0} {10,5} {11,6:N0} {12,9}",
                row.Model, row.Macs, row.Instructions is { } i ? i.ToString("N0", c) : "-",
                Ratio(row.Instructions, peer?.Instructions),
                row.Instructions is { } n && row.Macs > 0 ? ((double)n / row.Macs).ToString("F2", c) : "-",
                row.ArenaBytes, Ratio(row.ArenaBytes, peer?.ArenaBytes),
                row.FlashBytes, Ratio(row.FlashBytes, peer?.FlashBytes),
                row.FlashWithoutWeights, Ratio(row.FlashWithoutWeights, peer?.CodeAndOtherFlashBytes),
                row.StackBytes, row.BitExact ? "yes" : "NO"));
        }
        var totalInsns = rows.All(r => r.Instructions is not null) ? rows.Sum(r => r.Instructions!.Value) : (long?)null;
        var peerRows = rows.Select(r => peers.Find(target.Name, r.Model)).ToList();
        var peerTotal = peerRows.All(p => p is not null) ? peerRows.Sum(p => p!.Instructions) : (long?)null;
        sb.AppendLine(new string('-', header.Length));
        sb.Append(string.Format(c, "{0,-24} {1,11:N0} {2,12} {3,6}   {4} of {5} models bit-exact", "total", rows.Sum(r => r.Macs),
            totalInsns is { } t ? t.ToString("N0", c) : "-", Ratio(totalInsns, peerTotal), rows.Count(r => r.BitExact), rows.Count));
        return sb.ToString();
    }

    private static string Ratio(long? ours, long? peer) =>
        ours is { } o && peer is { } p && p > 0 ? ((double)o / p).ToString("F2", CultureInfo.InvariantCulture) : "-";
}
