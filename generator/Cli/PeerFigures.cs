using System.Text.Json;

namespace EdgeGen.Cli;

/// <summary>One peer run (TFLite Micro with CMSIS-NN kernels) of a model on a target, from bench/peers.json.</summary>
internal sealed record PeerRun(long Instructions, long Macs, long ArenaBytes, long FlashBytes, long CodeAndOtherFlashBytes, long StackBytes);

/// <summary>The peer's figures in ../shared/bench/peers.json, by target and model (kernel set cmsis_nn).</summary>
internal sealed class PeerFigures
{
    public const string KernelSet = "cmsis_nn";

    private readonly Dictionary<(string Target, string Model), PeerRun> _runs;

    private PeerFigures(Dictionary<(string Target, string Model), PeerRun> runs) => _runs = runs;

    public static readonly PeerFigures None = new(new());

    public PeerRun? Find(string target, string model) => _runs.GetValueOrDefault((target, model));

    /// <summary>Reads peers.json; a missing file gives no peer figures (the table shows "-").</summary>
    public static PeerFigures Load(string path)
    {
        if (!File.Exists(path)) return None;
        try
        {
            using var doc = JsonDocument.Parse(File.ReadAllText(path));
            var runs = new Dictionary<(string, string), PeerRun>();
            foreach (var target in doc.RootElement.GetProperty("targets").EnumerateObject())
                foreach (var model in target.Value.GetProperty("models").EnumerateObject())
                {
                    if (!model.Value.TryGetProperty(KernelSet, out var r)) continue;
                    runs[(target.Name, model.Name)] = new PeerRun(
                        r.GetProperty("instructions_per_inference").GetInt64(), r.GetProperty("macs").GetInt64(),
                        r.GetProperty("arena_bytes").GetInt64(), r.GetProperty("flash_bytes").GetInt64(),
                        r.GetProperty("code_and_other_flash_bytes").GetInt64(), r.GetProperty("stack_bytes").GetInt64());
                }
            return new PeerFigures(runs);
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException)
        {
            throw new EdgeGenException($"{path}: not a valid peer figures file ({e.Message})");
        }
    }
}
