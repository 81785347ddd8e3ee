using System.Globalization;
using System.Security;
using System.Text;

namespace EdgeGen.Cli;

/// <summary>
/// An SVG chart of arena use over the schedule, without and with patches on one address scale:
/// each buffer a rectangle from the step that writes it to the last step that reads it, colored
/// by the model operator it belongs to (scratch in grey), with the arena's size as a dashed line.
/// </summary>
internal static class MemorySvg
{
    private const int Width = 1000, PanelHeight = 260, Left = 80, Right = 20, Top = 40, Gap = 70;

    public static string Render(MemoryReport report)
    {
        var panels = new List<(string Title, PlannedMemory Memory, Func<int, int> SourceOf, Func<int, int>? TileOf)>
        {
            ($"{report.Graph.Name}: without patches", report.Unpatched, i => i, null),
        };
        if (report.Patches is { } p && report.Patched is { } patched)
            panels.Add(($"{report.Graph.Name}: patches {p.Plan} (operators #0..#{p.Plan.SplitOp} {(p.Plan.ReuseRows ? "streaming rows" : "tile by tile")}{(p.StreamsInput ? ", input streamed" : "")})", patched, i => p.SourceOps[i], i => p.Tiles[i]));
        var maxBytes = Math.Max(1, panels.Max(x => x.Memory.Ram.ArenaBytes));
        var height = Top + panels.Count * (PanelHeight + Gap);
        var svg = new StringBuilder();
        svg.Append(F("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{0}\" height=\"{1}\" viewBox=\"0 0 {0} {1}\" font-family=\"sans-serif\" font-size=\"12\">\n", Width, height));
        svg.Append(F("<rect x=\"0\" y=\"0\" width=\"{0}\" height=\"{1}\" fill=\"white\"/>\n", Width, height));
        svg.Append(F("<text x=\"{0}\" y=\"20\" font-size=\"14\">Arena use over the schedule on {1} (address on the vertical axis, same scale in both charts)</text>\n", Left, Escape(report.Target.Name)));
        for (var k = 0; k < panels.Count; k++)
            Panel(svg, panels[k], Top + k * (PanelHeight + Gap) + 20, maxBytes);
        svg.Append("</svg>\n");
        return svg.ToString();
    }

    private static void Panel(StringBuilder svg, (string Title, PlannedMemory Memory, Func<int, int> SourceOf, Func<int, int>? TileOf) panel, int y0, int maxBytes)
    {
        var plotWidth = Width - Left - Right;
        var steps = Math.Max(1, panel.Memory.Timeline.Steps);
        var sx = (double)plotWidth / steps;
        var sy = (double)PanelHeight / maxBytes;
        double Y(long bytes) => y0 + PanelHeight - bytes * sy;
        svg.Append(F("<text x=\"{0}\" y=\"{1}\" font-size=\"13\">{2}: arena {3:N0} bytes, peak RAM {4:N0} with input, {5:N0} without</text>\n",
            Left, y0 - 8, Escape(panel.Title), panel.Memory.Ram.ArenaBytes, panel.Memory.Ram.PeakBytes, panel.Memory.Ram.ActivationBytes));
        svg.Append(F("<rect x=\"{0}\" y=\"{1}\" width=\"{2}\" height=\"{3}\" fill=\"#f7f7f7\" stroke=\"#999\"/>\n", Left, y0, plotWidth, PanelHeight));
        if (panel.TileOf is { } tileOf)
            for (var s = 1; s < steps; s++)
                if (tileOf(s) != tileOf(s - 1))
                    svg.Append(F("<line x1=\"{0:F1}\" y1=\"{1}\" x2=\"{0:F1}\" y2=\"{2}\" stroke=\"#ccc\"/>\n", Left + s * sx, y0, y0 + PanelHeight));
        foreach (var b in panel.Memory.Timeline.Blocks)
        {
            var fill = b.IsScratch ? "#888" : Color(panel.SourceOf(b.First));
            svg.Append(F("<rect x=\"{0:F1}\" y=\"{1:F1}\" width=\"{2:F1}\" height=\"{3:F1}\" fill=\"{4}\" fill-opacity=\"0.8\" stroke=\"#333\" stroke-width=\"0.3\"><title>{5}: {6:N0} bytes at {7:N0}, steps {8}..{9}</title></rect>\n",
                Left + b.First * sx, Y(b.Offset + b.Bytes), Math.Max(0.5, (b.Last - b.First + 1) * sx), Math.Max(0.5, b.Bytes * sy), fill, Escape(b.Name), b.Bytes, b.Offset, b.First, b.Last));
        }
        var arena = Y(panel.Memory.Ram.ArenaBytes);
        svg.Append(F("<line x1=\"{0}\" y1=\"{1:F1}\" x2=\"{2}\" y2=\"{1:F1}\" stroke=\"#c00\" stroke-dasharray=\"6 3\"/>\n", Left, arena, Left + plotWidth));
        foreach (var tick in new[] { 0, maxBytes / 2, maxBytes })
            svg.Append(F("<text x=\"{0}\" y=\"{1:F1}\" text-anchor=\"end\">{2:N0}</text>\n", Left - 6, Y(tick) + 4, tick));
        svg.Append(F("<text x=\"{0}\" y=\"{1}\">schedule step 0..{2} (one step per operator call{3})</text>\n",
            Left, y0 + PanelHeight + 18, steps - 1, panel.TileOf is null ? "" : "; grey lines: tile boundaries"));
    }

    /// <summary>A stable color per model operator.</summary>
    private static string Color(int op) => F("hsl({0},65%,60%)", op * 47 % 360);

    private static string Escape(string s) => SecurityElement.Escape(s) ?? "";

    private static string F(string format, params object[] args) => string.Format(CultureInfo.InvariantCulture, format, args);
}
