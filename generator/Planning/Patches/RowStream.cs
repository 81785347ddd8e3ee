using EdgeGen.Ir;

namespace EdgeGen.Planning.Patches;

/// <summary>
/// One call when rows stream: stage operator <see cref="Op"/> computes rows (whole width) of
/// <see cref="Tensor"/> reading a window of each input, or (<see cref="Op"/> -1) rows of a
/// streamed graph input arrive from the application.
/// </summary>
public sealed record StreamStep(int Op, int Tensor, int Strip, Rect Output, IReadOnlyList<Rect?> Inputs)
{
    public bool ReadsInput => Op < 0;
}

/// <summary>
/// The schedule of a patch stage whose rows stream top to bottom instead of being recomputed:
/// the split output is produced strip by strip, and each strip pulls, depth first, only the rows
/// of every stage tensor that no earlier call computed, at most one strip height per call. Every
/// row is computed once; each tensor's buffer needs to hold only the rows its readers still need
/// (about a window's height), like the line buffers of a streaming image pipeline.
/// </summary>
public static class RowStream
{
    /// <param name="streamInput">Whether the graph input's rows arrive on demand too (then they are steps of their own).</param>
    public static IReadOnlyList<StreamStep> Schedule(Graph graph, PatchPlan plan, bool streamInput = false)
    {
        var producer = new Dictionary<int, int>();
        for (var i = 0; i <= plan.SplitOp; i++) producer[graph.Operators[i].Output] = i;
        if (streamInput) foreach (var input in graph.Inputs) producer[input] = -1;
        var cap = Enumerable.Range(0, plan.Rows).Max(r => plan.RowCuts[r + 1] - plan.RowCuts[r]);
        var computed = new Dictionary<int, int>();
        var steps = new List<StreamStep>();

        void Ensure(int tensor, int upTo, int strip)
        {
            var p = producer[tensor];
            if (p < 0)
            {
                for (var first = computed.GetValueOrDefault(tensor); first < upTo; first = computed[tensor])
                {
                    var rows = new Rect(new Span(first, Math.Min(first + cap, upTo)), new Span(0, graph[tensor].Shape[2]));
                    steps.Add(new StreamStep(-1, tensor, strip, rows, Array.Empty<Rect?>()));
                    computed[tensor] = rows.Rows.End;
                }
                return;
            }
            var op = graph.Operators[p];
            var rule = PatchRules.For(op)!;
            var height = graph[tensor].Shape[1];
            while (computed.GetValueOrDefault(tensor) < upTo)
            {
                var first = computed.GetValueOrDefault(tensor);
                var output = new Rect(new Span(first, Math.Min(first + cap, upTo)), new Span(0, graph[tensor].Shape[2]));
                var inputs = rule.InputWindows(graph, op, output);
                // Rows that are all padding (of a PAD) are computed with the nearest row that is not.
                while (inputs.Any(w => w is { IsEmpty: true }) && output.Rows.End < height)
                {
                    output = output with { Rows = output.Rows with { End = output.Rows.End + 1 } };
                    inputs = rule.InputWindows(graph, op, output);
                }
                var rest = output with { Rows = new Span(output.Rows.End, height) };
                if (!rest.IsEmpty && rule.InputWindows(graph, op, rest).Any(w => w is { IsEmpty: true }))
                {
                    output = output with { Rows = output.Rows with { End = height } };
                    inputs = rule.InputWindows(graph, op, output);
                }
                for (var j = 0; j < op.Inputs.Length; j++)
                {
                    if (inputs[j] is not { } w) continue;
                    if (w.IsEmpty) throw new EdgeGenException($"plan {plan}: rows {output.Rows} of operator #{p} need no pixel of tensor '{graph[op.Inputs[j]].Name}'");
                    if (producer.ContainsKey(op.Inputs[j])) Ensure(op.Inputs[j], w.Rows.End, strip);
                }
                steps.Add(new StreamStep(p, tensor, strip, output, inputs));
                computed[tensor] = output.Rows.End;
            }
        }

        var split = graph.Operators[plan.SplitOp].Output;
        for (var strip = 0; strip < plan.Rows; strip++) Ensure(split, plan.RowCuts[strip + 1], strip);
        return steps;
    }
}
