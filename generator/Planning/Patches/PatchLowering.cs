using System.Collections.Immutable;
using EdgeGen.Ir;
using EdgeGen.Ir.Ops;

namespace EdgeGen.Planning.Patches;

/// <summary>
/// A graph lowered for patch-based inference: the patch stage unrolled into operators on patch
/// tensors (each operator on the window a tile or a streamed row range needs, with explicit
/// padding at the borders), the split tensor assembled in place, then the rest of the graph
/// unchanged. The reference interpreter, the memory planner and the C emitter all run it as an
/// ordinary graph.
/// </summary>
/// <param name="Source">The model graph.</param>
/// <param name="Graph">The lowered graph (the model's tensors, then the patch tensors; same inputs and outputs).</param>
/// <param name="SourceOps">For each lowered operator, the model operator it computes (a patch of).</param>
/// <param name="Tiles">For each lowered operator, the tile (or strip) it belongs to (-1 after the stage).</param>
/// <param name="Views">Patch tensors stored inside another tensor's buffer (rows read and written in place, row buffers).</param>
/// <param name="StreamsInput">Whether the graph input arrives window by window from the application instead of whole.</param>
public sealed record PatchedGraph(
    Graph Source,
    PatchPlan Plan,
    Graph Graph,
    ImmutableArray<int> SourceOps,
    ImmutableArray<int> Tiles,
    IReadOnlyDictionary<int, TensorView> Views,
    bool StreamsInput = false)
{
    public long Macs => Graph.TotalMacs;

    /// <summary>Multiply-accumulates computed more than once (negative when rows nothing reads are skipped).</summary>
    public long ExtraMacs => Graph.TotalMacs - Source.TotalMacs;
}

/// <summary>Lowers a graph and a <see cref="PatchPlan"/> into a <see cref="PatchedGraph"/>.</summary>
public static class PatchLowering
{
    /// <param name="streamInput">Ask the application for the input window by window (INPUT_WINDOW) instead of reading it whole.</param>
    public static PatchedGraph Lower(Graph graph, PatchPlan plan, bool streamInput = false)
    {
        if (PatchStage.WhyNotSplit(graph, plan.SplitOp) is { } reason)
            throw new EdgeGenException($"model '{graph.Name}': the patch stage cannot end at operator #{plan.SplitOp}: {reason}");
        if (streamInput && WhyNotStreamed(graph, plan.SplitOp) is { } notStreamed)
            throw new EdgeGenException($"model '{graph.Name}': the input cannot be streamed: {notStreamed}");
        var builder = new LoweredGraphBuilder(graph, plan, streamInput);
        if (plan.ReuseRows) new StreamLowering(builder).Run();
        else new TileLowering(builder).Run();
        return builder.Finish();
    }

    /// <summary>Null when every reader of the graph inputs is in the patch stage and the inputs are single images, else why not.</summary>
    public static string? WhyNotStreamed(Graph graph, int split)
    {
        foreach (var input in graph.Inputs)
        {
            var t = graph[input];
            if (t.Shape.Rank != 4 || t.Shape[0] != 1) return $"input '{t.Name}' {t.Shape} is not a single NHWC image";
            for (var i = split + 1; i < graph.Operators.Length; i++)
                if (graph.Operators[i].Inputs.Contains(input)) return $"operator #{i} {graph.Operators[i].Kind} after the patch stage reads input '{t.Name}' whole";
            if (graph.Outputs.Contains(input)) return $"input '{t.Name}' is also a model output";
        }
        return null;
    }

    /// <summary>Recomputing tiles: each tile runs the whole stage on its receptive field.</summary>
    private sealed class TileLowering(LoweredGraphBuilder b)
    {
        public void Run()
        {
            var tiles = b.Plan.Tiles().ToList();
            for (var t = 0; t < tiles.Count; t++)
            {
                var needed = ReceptiveField.For(b.Source, b.Plan.SplitOp, tiles[t]);
                foreach (var (id, window) in needed)
                    if (window.IsEmpty) throw new EdgeGenException($"plan {b.Plan}: tile {t} ({tiles[t]}) needs no pixel of tensor '{b.Source[id].Name}'; use fewer tiles");
                var patchOf = new Dictionary<int, int>();
                for (var i = 0; i <= b.Plan.SplitOp; i++)
                {
                    var op = b.Source.Operators[i];
                    var output = needed[op.Output];
                    var result = b.Compute(i, t, output, (id, w) => Input(id, w, needed[id], patchOf, i, t));
                    patchOf[op.Output] = result;
                }
                b.PlaceSplitRows(patchOf[b.Split], tiles[t], t, last: t == tiles.Count - 1);
            }
        }

        /// <summary>The patch holding the tensor's receptive field (cropped from the graph input once per tile), cut down to this reader's window.</summary>
        private int Input(int id, Rect window, Rect hull, Dictionary<int, int> patchOf, int consumer, int tile)
        {
            if (!patchOf.TryGetValue(id, out var patch)) patchOf[id] = patch = b.CropWhole(id, hull, consumer, tile);
            return b.Part(patch, hull, window, consumer, tile);
        }
    }

    /// <summary>
    /// Streaming rows (<see cref="RowStream"/>): every stage tensor but the split one lives in a
    /// row buffer holding the rows its readers still need; before an operator appends new rows,
    /// the rows still needed move to the top of the buffer.
    /// </summary>
    private sealed class StreamLowering(LoweredGraphBuilder b)
    {
        private readonly Dictionary<int, (Span Rows, int Patch)> _held = new();
        private readonly Dictionary<int, int> _buffers = new();
        private readonly Dictionary<int, int> _capacity = new();

        public void Run()
        {
            var steps = RowStream.Schedule(b.Source, b.Plan, b.StreamsInput);
            var reads = Reads(steps);
            int KeepFrom(int k) => Math.Min(steps[k].Output.Rows.Start, reads[steps[k].Tensor].Where(r => r.Step > k).Select(r => r.Rows.Start).DefaultIfEmpty(int.MaxValue).Min());
            // Only tensors that keep rows from one call to the next need a row buffer; the others' rows are patches of their own.
            var buffered = Enumerable.Range(0, steps.Count).Where(k => steps[k].Tensor != b.Split && KeepFrom(k) < steps[k].Output.Rows.Start).Select(k => steps[k].Tensor).ToHashSet();
            for (var k = 0; k < steps.Count; k++)
            {
                var step = steps[k];
                var y = step.Tensor;
                if (y == b.Split || !buffered.Contains(y))
                {
                    var rows = step.ReadsInput
                        ? b.ReadInput(y, step.Output, FirstReader(steps, k, y), step.Strip)
                        : b.Compute(step.Op, step.Strip, step.Output, (id, w) => Input(id, w, step.Op, step.Strip));
                    if (y == b.Split) b.PlaceSplitRows(rows, step.Output, step.Strip, last: step.Output.Rows.End == b.Source[y].Shape[1]);
                    else _held[y] = (step.Output.Rows, rows);
                    continue;
                }
                var first = step.Output.Rows.Start;
                var keepFrom = KeepFrom(k);
                // Input rows are listed under the operator that reads them first.
                var owner = step.ReadsInput ? FirstReader(steps, k, y) : step.Op;
                var kept = Keep(y, keepFrom, first, owner, step.Strip);
                var buffer = Buffer(y);
                void Place(int result) => b.AddView(result, buffer, (first - keepFrom) * RowBytes(y));
                var computed = step.ReadsInput
                    ? b.ReadInput(y, step.Output, owner, step.Strip, Place)
                    : b.Compute(step.Op, step.Strip, step.Output, (id, w) => Input(id, w, step.Op, step.Strip), Place);
                var patch = kept is { } top ? b.Join(top, computed, buffer, first - keepFrom, owner, step.Strip) : computed;
                _held[y] = (new Span(keepFrom, step.Output.Rows.End), patch);
                _capacity[y] = Math.Max(_capacity.GetValueOrDefault(y), step.Output.Rows.End - keepFrom);
            }
            foreach (var (tensor, buffer) in _buffers)
                b.Resize(buffer, _capacity[tensor]);
        }

        /// <summary>The operator that first reads rows of a streamed input after step <paramref name="k"/>.</summary>
        private int FirstReader(IReadOnlyList<StreamStep> steps, int k, int input)
        {
            for (var j = k + 1; j < steps.Count; j++)
                if (!steps[j].ReadsInput && b.Source.Operators[steps[j].Op].Inputs.Contains(input)) return steps[j].Op;
            return 0;
        }

        /// <summary>Every step's reads of each stage tensor (and streamed input): the step and the rows.</summary>
        private Dictionary<int, List<(int Step, Span Rows)>> Reads(IReadOnlyList<StreamStep> steps)
        {
            var reads = new Dictionary<int, List<(int, Span)>>();
            for (var i = 0; i <= b.Plan.SplitOp; i++) reads[b.Source.Operators[i].Output] = new();
            if (b.StreamsInput) foreach (var input in b.Source.Inputs) reads[input] = new();
            for (var k = 0; k < steps.Count; k++)
            {
                if (steps[k].ReadsInput) continue;
                var op = b.Source.Operators[steps[k].Op];
                for (var j = 0; j < op.Inputs.Length; j++)
                    if (steps[k].Inputs[j] is { } w && reads.TryGetValue(op.Inputs[j], out var list)) list.Add((k, w.Rows));
            }
            return reads;
        }

        /// <summary>The rows [from, to) of a tensor still needed, moved to the top of its buffer (null when none are kept).</summary>
        private int? Keep(int tensor, int from, int to, int op, int strip)
        {
            if (from >= to) return null;
            var (held, patch) = _held[tensor];
            if (from < held.Start) throw new InvalidOperationException($"tensor '{b.Source[tensor].Name}': rows {from}.. were dropped but are read again");
            if (from == held.Start) return patch;
            return b.MoveRows(patch, new Span(from - held.Start, to - held.Start), Buffer(tensor), op, strip);
        }

        /// <summary>The window a step reads: rows of the graph input in place, else a part of the rows the tensor's buffer holds.</summary>
        private int Input(int id, Rect window, int op, int strip)
        {
            if (!_held.TryGetValue(id, out var held)) return b.CropWhole(id, window, op, strip);
            var rows = new Rect(held.Rows, new Span(0, b.Source[id].Shape[2]));
            if (window.Rows.Start < held.Rows.Start || window.Rows.End > held.Rows.End)
                throw new InvalidOperationException($"tensor '{b.Source[id].Name}': rows {window.Rows} are read but the buffer holds {held.Rows}");
            return b.Part(held.Patch, rows, window, op, strip);
        }

        private int Buffer(int tensor)
        {
            if (!_buffers.TryGetValue(tensor, out var buffer)) _buffers[tensor] = buffer = b.AddRowBuffer(tensor);
            return buffer;
        }

        private int RowBytes(int tensor) => LoweredGraphBuilder.RowBytes(b.Source[tensor]);
    }
}
