using System.Collections.Immutable;
using System.Globalization;
using System.Text.RegularExpressions;
using EdgeGen.Ir;

namespace EdgeGen.Planning.Patches;

/// <summary>
/// A patch plan: operators #0..#<see cref="SplitOp"/> run once per tile of the split operator's
/// output, the tiles cut at <see cref="RowCuts"/> and <see cref="ColCuts"/> (each from 0 to the
/// height or width), in row-major order. Tiles recompute the rows and columns their receptive
/// fields share (MCUNetV2), unless <see cref="ReuseRows"/>: then the tiles are full-width strips
/// run top to bottom, and every stage tensor keeps the rows the next strip reads again in its
/// buffer instead of computing them twice (no recompute, a few rows more of RAM).
/// </summary>
public sealed record PatchPlan(int SplitOp, ImmutableArray<int> RowCuts, ImmutableArray<int> ColCuts, bool ReuseRows = false)
{
    public int Rows => RowCuts.Length - 1;
    public int Cols => ColCuts.Length - 1;
    public int TileCount => Rows * Cols;

    /// <summary>The tiles in the order they run (row-major).</summary>
    public IEnumerable<Rect> Tiles()
    {
        for (var r = 0; r < Rows; r++)
            for (var c = 0; c < Cols; c++)
                yield return new Rect(new Span(RowCuts[r], RowCuts[r + 1]), new Span(ColCuts[c], ColCuts[c + 1]));
    }

    /// <summary>A grid of <paramref name="rows"/> × <paramref name="cols"/> tiles as even as the split output's size allows.</summary>
    public static PatchPlan Even(Graph graph, int splitOp, int rows, int cols, bool reuseRows = false)
    {
        if (reuseRows && cols != 1)
            throw new EdgeGenException($"a {rows}x{cols} grid cannot reuse rows: only full-width strips (ROWSx1) can");
        if (PatchStage.WhyNotSplit(graph, splitOp) is { } reason)
            throw new EdgeGenException($"model '{graph.Name}': the patch stage cannot end at operator #{splitOp}: {reason}");
        var shape = graph[graph.Operators[splitOp].Output].Shape;
        if (rows < 1 || cols < 1 || rows > shape[1] || cols > shape[2])
            throw new EdgeGenException($"a {rows}x{cols} grid does not fit the output of operator #{splitOp} {shape} (at most {shape[1]}x{shape[2]})");
        return new PatchPlan(splitOp, Cuts(shape[1], rows), Cuts(shape[2], cols), reuseRows);
    }

    private static ImmutableArray<int> Cuts(int size, int parts) =>
        Enumerable.Range(0, parts + 1).Select(i => (int)((long)i * size / parts)).ToImmutableArray();

    public override string ToString() => $"{Rows}x{Cols}@{SplitOp}{(ReuseRows ? ":reuse" : "")}";
}

/// <summary>What `--patch` asks for: no patches, the planner's choice, or a given grid and split operator.</summary>
public sealed partial record PatchRequest(PatchRequest.Kinds Kind, int Rows = 0, int Cols = 0, int SplitOp = -1, bool ReuseRows = false)
{
    public enum Kinds { Off, Auto, Fixed }

    public static readonly PatchRequest Off = new(Kinds.Off);
    public static readonly PatchRequest Auto = new(Kinds.Auto);

    /// <summary>
    /// Parses `off`, `auto` or `RxC@LAYER[:reuse]` (e.g. 3x3@7: 3 rows by 3 columns of tiles, the
    /// stage ending at operator #7; 6x1@11:reuse: 6 strips that keep shared rows instead of recomputing them).
    /// </summary>
    public static PatchRequest Parse(string text)
    {
        var t = text.Trim().ToLowerInvariant();
        if (t == "off") return Off;
        if (t == "auto") return Auto;
        var m = GridPattern().Match(t);
        if (!m.Success)
            throw new EdgeGenException($"--patch '{text}': expected auto, off or ROWSxCOLS@OPERATOR[:reuse] (e.g. 3x3@7: a 3x3 grid, the patch stage ending at operator #7; 6x1@11:reuse: 6 strips reusing shared rows)");
        int Int(string g) => int.Parse(m.Groups[g].Value, CultureInfo.InvariantCulture);
        return new PatchRequest(Kinds.Fixed, Int("rows"), Int("cols"), Int("op"), m.Groups["reuse"].Success);
    }

    public override string ToString() => Kind switch
    {
        Kinds.Off => "off",
        Kinds.Auto => "auto",
        _ => $"{Rows}x{Cols}@{SplitOp}{(ReuseRows ? ":reuse" : "")}",
    };

    [GeneratedRegex(@"^(?<rows>\d{1,4})x(?<cols>\d{1,4})@#?(?<op>\d{1,6})(?<reuse>:reuse)?$")]
    private static partial Regex GridPattern();
}
