using System.Text.Json;

namespace EdgeGen.Cli;

/// <summary>One peer GEMV measured under qemu-aarch64: instructions per weight of the whole matrix-vector product.</summary>
internal sealed record Aarch64PeerRun(string Kernel, string Compiler, string Build, int Rows, int Cols, double InstructionsPerWeight);

/// <summary>
/// The best open ternary and int8 GEMV kernels measured the same way as EdgeGen's (exact instruction counts under
/// qemu-aarch64, batch 1, all rows): ../shared/bench/peers-aarch64.json, its "results" list.
/// </summary>
internal sealed class Aarch64PeerFigures
{
    private readonly IReadOnlyList<Aarch64PeerRun> _runs;

    private Aarch64PeerFigures(IReadOnlyList<Aarch64PeerRun> runs) => _runs = runs;

    public static readonly Aarch64PeerFigures None = new(Array.Empty<Aarch64PeerRun>());

    /// <summary>
    /// The peer kernel (name starting with <paramref name="kernel"/>) on a rows x cols layer for the build a core runs
    /// ("dotprod" or "base"); gcc builds first, as EdgeGen's code is built with gcc, else the other compiler's.
    /// </summary>
    public Aarch64PeerRun? Find(string kernel, string build, int rows, int cols) => _runs
        .Where(r => r.Kernel.StartsWith(kernel, StringComparison.Ordinal) && !r.Kernel.Contains('[') && r.Build == build && r.Rows == rows && r.Cols == cols)
        .OrderBy(r => r.Compiler == "gcc" ? 0 : 1)
        .FirstOrDefault();

    /// <summary>Reads the file; a missing file gives no peer figures (the table shows "-").</summary>
    public static Aarch64PeerFigures Load(string path)
    {
        if (!File.Exists(path)) return None;
        try
        {
            using var doc = JsonDocument.Parse(File.ReadAllText(path));
            var runs = doc.RootElement.GetProperty("results").EnumerateArray()
                .Where(r => !r.TryGetProperty("correct", out var ok) || ok.GetBoolean())
                .Select(r => new Aarch64PeerRun(r.GetProperty("kernel").GetString()!, r.GetProperty("compiler").GetString()!,
                    r.GetProperty("build").GetString()!, r.GetProperty("rows").GetInt32(), r.GetProperty("cols").GetInt32(),
                    r.GetProperty("instructions_per_weight_total").GetDouble()))
                .ToList();
            return new Aarch64PeerFigures(runs);
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException)
        {
            throw new EdgeGenException($"{path}: not a valid aarch64 peer figures file ({e.Message})");
        }
    }
}
