using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using EdgeGen.Planning.Patches;

namespace EdgeGen.Emit.C;

/// <summary>
/// The invoke body of a patched model: the calls of each tile (or strip) under a comment saying
/// what it computes, and runs of tiles whose calls differ only by offsets that grow by the same
/// step from one tile to the next (the steady state of a row stream, the interior tiles of a grid
/// row) folded into one loop.
/// </summary>
internal static partial class PatchedCode
{
    /// <summary>Tiles in a run before it becomes a loop.</summary>
    private const int MinLoop = 3;

    /// <summary>The C type of a streamed input window: the inputs' element type, or void when they differ.</summary>
    public static string StreamedWindowType(Ir.Graph graph)
    {
        var types = graph.InputTensors.Select(t => t.Type).Distinct().ToList();
        return types.Count == 1 ? CFormat.TypeOf(types[0]) : "void";
    }

    /// <summary>The statements of the invoke function, four spaces indented, one per line.</summary>
    public static string Calls(PatchedGraph patches, IReadOnlyList<CKernel> kernels)
    {
        var blocks = new List<(int Tile, List<string> Calls)>();
        for (var i = 0; i < kernels.Count; i++)
        {
            if (blocks.Count == 0 || blocks[^1].Tile != patches.Tiles[i]) blocks.Add((patches.Tiles[i], new List<string>()));
            if (kernels[i].Call.Length > 0) blocks[^1].Calls.Add(kernels[i].Call);
        }
        var sb = new StringBuilder();
        for (var b = 0; b < blocks.Count;)
        {
            var run = RunLength(blocks, b);
            if (run >= MinLoop)
            {
                Loop(sb, patches, blocks.GetRange(b, run));
                b += run;
            }
            else
            {
                Block(sb, patches, blocks[b].Tile, blocks[b].Calls);
                b++;
            }
        }
        return sb.ToString().TrimEnd('\n');
    }

    private static void Block(StringBuilder sb, PatchedGraph patches, int tile, List<string> calls)
    {
        sb.Append("    ").Append(Comment(patches, tile, tile)).Append('\n');
        foreach (var call in calls) sb.Append("    ").Append(call).Append('\n');
    }

    /// <summary>One loop over a run of tiles: each number that changes becomes first + step * t.</summary>
    private static void Loop(StringBuilder sb, PatchedGraph patches, List<(int Tile, List<string> Calls)> run)
    {
        sb.Append("    ").Append(Comment(patches, run[0].Tile, run[^1].Tile)).Append('\n');
        sb.Append(CultureInfo.InvariantCulture, $"    {{\n        int t;\n        for (t = 0; t < {run.Count}; ++t) {{\n");
        var first = run[0].Calls.Select(Numbers).ToList();
        var second = run[1].Calls.Select(Numbers).ToList();
        for (var c = 0; c < run[0].Calls.Count; c++)
        {
            var k = 0;
            var call = Number().Replace(run[0].Calls[c], m =>
            {
                var (a, b) = (first[c][k], second[c][k]);
                k++;
                return a == b ? m.Value : b > a ? $"({a} + {b - a} * t)" : $"({a} - {a - b} * t)";
            });
            sb.Append("            ").Append(call).Append('\n');
        }
        sb.Append("        }\n    }\n");
    }

    /// <summary>How many blocks from <paramref name="start"/> have the same calls but for numbers that step evenly (1 when none).</summary>
    private static int RunLength(List<(int Tile, List<string> Calls)> blocks, int start)
    {
        if (blocks[start].Tile < 0) return 0;
        var shape = Shape(blocks[start].Calls);
        var run = 1;
        while (start + run < blocks.Count && blocks[start + run].Tile >= 0 && Shape(blocks[start + run].Calls) == shape
               && (run < 2 || Steps(blocks[start].Calls, blocks[start + 1].Calls, blocks[start + run - 1].Calls, blocks[start + run].Calls)))
            run++;
        return run;
    }

    /// <summary>True when every number changes from c to d by what it changed from a to b.</summary>
    private static bool Steps(List<string> a, List<string> b, List<string> c, List<string> d)
    {
        for (var i = 0; i < a.Count; i++)
        {
            var (na, nb, nc, nd) = (Numbers(a[i]), Numbers(b[i]), Numbers(c[i]), Numbers(d[i]));
            for (var k = 0; k < na.Count; k++)
                if (nb[k] - na[k] != nd[k] - nc[k]) return false;
        }
        return true;
    }

    private static string Shape(List<string> calls) => string.Join("\n", calls.Select(c => Number().Replace(c, "#")));

    private static List<long> Numbers(string call) => Number().Matches(call).Select(m => long.Parse(m.Value, CultureInfo.InvariantCulture)).ToList();

    private static string Comment(PatchedGraph patches, int firstTile, int lastTile)
    {
        var plan = patches.Plan;
        var split = patches.Source[patches.Source.Operators[plan.SplitOp].Output];
        if (firstTile < 0) return $"/* operators #{plan.SplitOp + 1}.. on the whole output of #{plan.SplitOp} */";
        var what = plan.ReuseRows ? "strip" : "patch";
        var which = firstTile == lastTile ? $"{what} {firstTile + 1}/{plan.TileCount}" : $"{what}es {firstTile + 1}..{lastTile + 1} of {plan.TileCount}".Replace("stripes", "strips");
        var tiles = plan.Tiles().ToList();
        var rect = firstTile == lastTile ? tiles[firstTile].ToString() : $"{tiles[firstTile]} to {tiles[lastTile]}";
        return plan.ReuseRows
            ? $"/* {which} ({plan}): {rect} of the output of #{plan.SplitOp} {split.Shape}, each operator computing only rows no call before did */"
            : $"/* {which} ({plan}): operators #0..#{plan.SplitOp} for {rect} of the output of #{plan.SplitOp} {split.Shape} */";
    }

    /// <summary>A decimal number that is not part of an identifier (op3_conv_2d_p1 has none).</summary>
    [GeneratedRegex(@"(?<![A-Za-z_0-9])\d+")]
    private static partial Regex Number();
}
