using System.Runtime.InteropServices;
using EdgeGen.Ir;
using EdgeGen.Ir.Ops;

namespace EdgeGen.Planning.Patches.Rules;

/// <summary>
/// PAD / PADV2: output rows [a, b) copy input rows [a − before, b − before) clipped to the input;
/// the patch operator pads only the rows and columns of the window that lie in the padding.
/// </summary>
public sealed class PadRule : PatchRule<Pad>
{
    protected override string? WhyNotLocal(Graph graph, Pad op) => NotNhwc(graph, op);

    protected override IReadOnlyList<Rect?> InputWindows(Graph graph, Pad op, Rect output)
    {
        var windows = new Rect?[op.Inputs.Length];
        windows[0] = Needs(graph, op, output).Input;
        return windows;
    }

    protected override Operator ForPatch(PatchOpRequest request, Pad op)
    {
        var g = request.Graph;
        var pads = op.Paddings(g);
        var (_, rows, cols) = Needs(g, op, request.Output);
        var local = new[] { pads[0].Before, pads[0].After, rows.Before, rows.After, cols.Before, cols.After, pads[3].Before, pads[3].After };
        var paddings = request.AddConstant($"{g[op.Inputs[1]].Name}/patch", new Shape(4, 2), DataType.Int32, MemoryMarshal.AsBytes(local.AsSpan()).ToArray());
        var inputs = request.InputIds.SetItem(1, paddings);
        return op with { Inputs = inputs, Outputs = request.OutputIds };
    }

    private static (Rect Input, (int Before, int After) Rows, (int Before, int After) Cols) Needs(Graph g, Pad op, Rect output)
    {
        var pads = op.Paddings(g);
        var input = g[op.Inputs[0]].Shape;
        var rows = Axis(output.Rows, pads[1].Before, input[1]);
        var cols = Axis(output.Cols, pads[2].Before, input[2]);
        return (new Rect(rows.Input, cols.Input), (rows.Before, rows.After), (cols.Before, cols.After));
    }

    /// <summary>Output positions [a, b) read input [a − before, b − before); what falls outside the input is padding.</summary>
    private static (Span Input, int Before, int After) Axis(Span output, int before, int size)
    {
        var reads = new Span(output.Start - before, output.End - before);
        var input = reads.Clip(size);
        if (input.IsEmpty) return (new Span(0, 0), output.Length, 0);
        return (input, input.Start - reads.Start, reads.End - input.End);
    }
}
