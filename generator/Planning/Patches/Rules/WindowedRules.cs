using System.Collections.Immutable;
using EdgeGen.Ir;
using EdgeGen.Ir.Ops;

namespace EdgeGen.Planning.Patches.Rules;

/// <summary>
/// Operators with a 2-D window (convolutions, pools): output rows [a, b) read input rows
/// [a·stride − pad, (b−1)·stride − pad + dilated filter), clipped to the tensor; the clipped part
/// becomes the patch operator's explicit padding, so border patches pad exactly where the whole
/// tensor is padded and nowhere else.
/// </summary>
public abstract class WindowedRule<TOp> : PatchRule<TOp> where TOp : Operator
{
    protected abstract (int H, int W) Filter(Graph graph, TOp op);
    protected abstract Window2D Window(TOp op);
    protected abstract TOp With(TOp op, Window2D window, ImmutableArray<int> inputs, ImmutableArray<int> outputs);

    protected override string? WhyNotLocal(Graph graph, TOp op) => NotNhwc(graph, op);

    public (WindowAxis Rows, WindowAxis Cols) Axes(Graph graph, TOp op)
    {
        var input = graph[op.Inputs[0]].Shape;
        var output = graph[op.Output].Shape;
        var (fh, fw) = Filter(graph, op);
        var w = Window(op);
        var (top, left) = w.PadBefore(input, fh, fw, output);
        return (new WindowAxis(input[1], fh, w.StrideH, w.DilationH, top), new WindowAxis(input[2], fw, w.StrideW, w.DilationW, left));
    }

    protected override IReadOnlyList<Rect?> InputWindows(Graph graph, TOp op, Rect output)
    {
        var (rows, cols) = Axes(graph, op);
        var windows = new Rect?[op.Inputs.Length];
        windows[0] = new Rect(rows.Needs(output.Rows).Input, cols.Needs(output.Cols).Input);
        return windows;
    }

    protected override Operator ForPatch(PatchOpRequest request, TOp op)
    {
        var (rows, cols) = Axes(request.Graph, op);
        var r = rows.Needs(request.Output.Rows);
        var c = cols.Needs(request.Output.Cols);
        var padding = new ExplicitPadding(r.Before, c.Before, r.After, c.After);
        var window = Window(op) with { Explicit = padding };
        if (padding.IsZero) window = window with { Padding = Padding.Valid };
        return With(op, window, request.InputIds, request.OutputIds);
    }
}

public sealed class Conv2DRule : WindowedRule<Conv2D>
{
    protected override (int H, int W) Filter(Graph graph, Conv2D op) => (graph[op.Inputs[1]].Shape[1], graph[op.Inputs[1]].Shape[2]);
    protected override Window2D Window(Conv2D op) => op.Window;
    protected override Conv2D With(Conv2D op, Window2D window, ImmutableArray<int> inputs, ImmutableArray<int> outputs) =>
        op with { Window = window, Inputs = inputs, Outputs = outputs };
}

public sealed class DepthwiseConv2DRule : WindowedRule<DepthwiseConv2D>
{
    protected override (int H, int W) Filter(Graph graph, DepthwiseConv2D op) => (graph[op.Inputs[1]].Shape[1], graph[op.Inputs[1]].Shape[2]);
    protected override Window2D Window(DepthwiseConv2D op) => op.Window;
    protected override DepthwiseConv2D With(DepthwiseConv2D op, Window2D window, ImmutableArray<int> inputs, ImmutableArray<int> outputs) =>
        op with { Window = window, Inputs = inputs, Outputs = outputs };
}

public sealed class AveragePool2DRule : WindowedRule<AveragePool2D>
{
    protected override (int H, int W) Filter(Graph graph, AveragePool2D op) => (op.FilterH, op.FilterW);
    protected override Window2D Window(AveragePool2D op) => op.Window;
    protected override AveragePool2D With(AveragePool2D op, Window2D window, ImmutableArray<int> inputs, ImmutableArray<int> outputs) =>
        op with { Window = window, Inputs = inputs, Outputs = outputs };
}

public sealed class MaxPool2DRule : WindowedRule<MaxPool2D>
{
    protected override (int H, int W) Filter(Graph graph, MaxPool2D op) => (op.FilterH, op.FilterW);
    protected override Window2D Window(MaxPool2D op) => op.Window;
    protected override MaxPool2D With(MaxPool2D op, Window2D window, ImmutableArray<int> inputs, ImmutableArray<int> outputs) =>
        op with { Window = window, Inputs = inputs, Outputs = outputs };
}
