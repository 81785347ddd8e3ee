using EdgeGen.Ir;
using EdgeGen.Ir.Ops;

namespace EdgeGen.Planning.Patches.Rules;

/// <summary>
/// Operators where each output pixel reads only the same pixel of its inputs (element-wise
/// arithmetic, requantization, concatenation along channels): every activation input needs exactly
/// the output window. Constant operands must not vary over rows and columns (they broadcast).
/// </summary>
public abstract class PointwiseRule<TOp> : PatchRule<TOp> where TOp : Operator
{
    protected override string? WhyNotLocal(Graph graph, TOp op)
    {
        if (NotNhwc(graph, op) is { } notNhwc) return notNhwc;
        var output = graph[op.Output].Shape;
        foreach (var id in op.Inputs.Where(i => i >= 0))
        {
            var t = graph[id];
            if (t.IsConstant)
            {
                if (!BroadcastsOverRowsAndColumns(t.Shape)) return $"constant '{t.Name}' {t.Shape} varies over rows or columns";
            }
            else if (t.Shape[1] != output[1] || t.Shape[2] != output[2])
            {
                return $"input '{t.Name}' {t.Shape} broadcasts over rows or columns of {output}";
            }
        }
        return null;
    }

    protected override IReadOnlyList<Rect?> InputWindows(Graph graph, TOp op, Rect output) =>
        op.Inputs.Select(id => id >= 0 && !graph[id].IsConstant ? output : (Rect?)null).ToArray();

    protected override Operator ForPatch(PatchOpRequest request, TOp op) => op with { Inputs = request.InputIds, Outputs = request.OutputIds };

    /// <summary>True when a constant, right-aligned to NHWC, has one row and one column.</summary>
    private static bool BroadcastsOverRowsAndColumns(Shape shape)
    {
        var dims = Enumerable.Repeat(1, Math.Max(0, 4 - shape.Rank)).Concat(shape.Dims).ToArray();
        return dims.Length == 4 && dims[1] == 1 && dims[2] == 1;
    }
}

public sealed class AddRule : PointwiseRule<Add>;

public sealed class SubRule : PointwiseRule<Sub>;

public sealed class LeakyReluRule : PointwiseRule<LeakyRelu>;

public sealed class QuantizeRule : PointwiseRule<Quantize>;

public sealed class ConcatenationRule : PointwiseRule<Concatenation>
{
    protected override string? WhyNotLocal(Graph graph, Concatenation op)
    {
        if (base.WhyNotLocal(graph, op) is { } reason) return reason;
        if (op.NormalizedAxis(graph) != 3) return $"concatenates along axis {op.Axis}, not channels";
        return op.Inputs.Any(i => graph[i].IsConstant) ? "has a constant input" : null;
    }
}
