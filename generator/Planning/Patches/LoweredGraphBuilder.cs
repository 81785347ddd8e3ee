using System.Collections.Immutable;
using EdgeGen.Ir;
using EdgeGen.Ir.Ops;

namespace EdgeGen.Planning.Patches;

/// <summary>
/// Builds a patched graph operator by operator: patch tensors, the patch operators of the stage,
/// crops and placements of patches, and the views that keep rows in place (in the graph input,
/// the split tensor and row buffers).
/// </summary>
internal sealed class LoweredGraphBuilder(Graph source, PatchPlan plan, bool streamInput)
{
    private readonly List<Tensor> _tensors = source.Tensors.ToList();
    private readonly List<Operator> _ops = new();
    private readonly List<int> _sources = new();
    private readonly List<int> _tiles = new();
    private readonly Dictionary<int, TensorView> _views = new();
    private readonly Dictionary<string, int> _constants = new();
    private int _placed;
    private int _previousWhole = -1;

    public Graph Source => source;
    public PatchPlan Plan => plan;
    public int Split { get; } = source.Operators[plan.SplitOp].Output;
    public bool StreamsInput => streamInput;

    /// <summary>
    /// Adds stage operator <paramref name="op"/> computing <paramref name="output"/> of its output;
    /// <paramref name="input"/> supplies the patch for each windowed input, <paramref name="place"/>
    /// may put the result in place (a view) before the operator is added. Returns the result's id.
    /// </summary>
    public int Compute(int op, int tile, Rect output, Func<int, Rect, int> input, Action<int>? place = null)
    {
        var o = source.Operators[op];
        var rule = PatchRules.For(o)!;
        var windows = rule.InputWindows(source, o, output);
        var inputs = o.Inputs.Select((id, j) => windows[j] is { } w ? input(id, w) : id).ToImmutableArray();
        var result = AddActivation(source[o.Output], $"/p{tile}", PatchShape(source[o.Output], output));
        place?.Invoke(result);
        Emit(rule.ForPatch(new PatchOpRequest(source, o, output, windows, inputs, ImmutableArray.Create(result), AddConstant)), op, tile);
        return result;
    }

    /// <summary>
    /// Writes a window of the split tensor computed by the stage: in place when it is whole rows,
    /// then placed into the tensor (the <paramref name="last"/> placement completes it).
    /// </summary>
    public void PlaceSplitRows(int patch, Rect window, int tile, bool last)
    {
        var whole = last ? Split : AddActivation(source[Split], $"/acc{_placed++}", source[Split].Shape);
        if (!last) _views[whole] = new(Split, 0);
        if (IsContiguousRows(source[Split], window)) AddView(patch, Split, window.Rows.Start * RowBytes(source[Split]));
        Emit(new PlacePatch(ImmutableArray.Create(_previousWhole, patch), ImmutableArray.Create(whole), window.Rows.Start, window.Cols.Start), plan.SplitOp, tile);
        _previousWhole = whole;
    }

    /// <summary>
    /// A window of a whole tensor (the graph input) as a patch: read in place when it is whole
    /// rows, else copied; a streamed input's window comes from the application.
    /// </summary>
    public int CropWhole(int id, Rect window, int consumer, int tile)
    {
        if (streamInput) return ReadInput(id, window, consumer, tile);
        var t = source[id];
        var patch = AddActivation(t, $"/p{tile}", PatchShape(t, window));
        if (IsContiguousRows(t, window)) AddView(patch, id, window.Rows.Start * RowBytes(t));
        Emit(new CropPatch(ImmutableArray.Create(id), ImmutableArray.Create(patch), window.Rows.Start, window.Cols.Start), consumer, tile);
        return patch;
    }

    /// <summary>A window of a streamed graph input, asked of the application (<paramref name="place"/> may put it in a row buffer).</summary>
    public int ReadInput(int input, Rect window, int consumer, int tile, Action<int>? place = null)
    {
        var t = source[input];
        var patch = AddActivation(t, $"/p{tile}", PatchShape(t, window));
        place?.Invoke(patch);
        Emit(new InputWindow(ImmutableArray.Create(input), ImmutableArray.Create(patch), window.Rows.Start, window.Cols.Start), consumer, tile);
        return patch;
    }

    /// <summary>The part <paramref name="window"/> of a patch holding <paramref name="held"/> (tensor coordinates): the patch itself, a view, or a copy.</summary>
    public int Part(int patch, Rect held, Rect window, int consumer, int tile)
    {
        if (window == held) return patch;
        var t = _tensors[patch];
        var local = new Rect(new Span(window.Rows.Start - held.Rows.Start, window.Rows.End - held.Rows.Start), new Span(window.Cols.Start - held.Cols.Start, window.Cols.End - held.Cols.Start));
        var part = AddActivation(t, $"/part{consumer}", PatchShape(t, local));
        if (IsContiguousRows(t, local)) AddView(part, patch, local.Rows.Start * RowBytes(t));
        Emit(new CropPatch(ImmutableArray.Create(patch), ImmutableArray.Create(part), local.Rows.Start, local.Cols.Start), consumer, tile);
        return part;
    }

    /// <summary>A buffer for the rows of a stage tensor (its height fixed by <see cref="Resize"/> once known).</summary>
    public int AddRowBuffer(int tensor) => AddActivation(source[tensor], "/rows", PatchShape(source[tensor], new Rect(new Span(0, 1), new Span(0, source[tensor].Shape[2]))));

    public void Resize(int buffer, int rows)
    {
        var t = _tensors[buffer];
        _tensors[buffer] = t with { Shape = new Shape(t.Shape[0], rows, t.Shape[2], t.Shape[3]) };
    }

    /// <summary>Moves rows of a patch (patch coordinates) to the top of a row buffer; returns the moved rows' patch.</summary>
    public int MoveRows(int patch, Span rows, int buffer, int op, int tile)
    {
        var t = _tensors[patch];
        var moved = AddActivation(t, "/kept", new Shape(t.Shape[0], rows.Length, t.Shape[2], t.Shape[3]));
        AddView(moved, buffer, 0);
        Emit(new CropPatch(ImmutableArray.Create(patch), ImmutableArray.Create(moved), rows.Start, 0), op, tile);
        return moved;
    }

    /// <summary>The rows kept at the top of a row buffer and the rows computed below them, as one patch (no code: both are in place).</summary>
    public int Join(int kept, int computed, int buffer, int keptRows, int op, int tile)
    {
        var t = _tensors[computed];
        var shape = new Shape(t.Shape[0], keptRows + t.Shape[1], t.Shape[2], t.Shape[3]);
        var top = AddActivation(t, "/top", shape);
        var all = AddActivation(t, "/rows", shape);
        AddView(top, buffer, 0);
        AddView(all, buffer, 0);
        Emit(new PlacePatch(ImmutableArray.Create(-1, kept), ImmutableArray.Create(top), 0, 0), op, tile);
        Emit(new PlacePatch(ImmutableArray.Create(top, computed), ImmutableArray.Create(all), keptRows, 0), op, tile);
        return all;
    }

    /// <summary>Declares a view, resolved to the buffer at the root of any chain of views.</summary>
    public void AddView(int view, int parent, int offset)
    {
        while (_views.TryGetValue(parent, out var up))
        {
            offset += up.ByteOffset;
            parent = up.Parent;
        }
        _views[view] = new TensorView(parent, offset);
    }

    public PatchedGraph Finish()
    {
        for (var i = plan.SplitOp + 1; i < source.Operators.Length; i++) Emit(source.Operators[i], i, -1);
        var lowered = source with { Tensors = _tensors.ToImmutableArray(), Operators = _ops.ToImmutableArray() };
        return new PatchedGraph(source, plan, lowered, _sources.ToImmutableArray(), _tiles.ToImmutableArray(), _views, streamInput);
    }

    public static int RowBytes(Tensor t) => t.Shape[2] * t.Shape[3] * t.Type.SizeInBytes();

    private void Emit(Operator op, int sourceOp, int tile)
    {
        _ops.Add(op);
        _sources.Add(sourceOp);
        _tiles.Add(tile);
    }

    private int AddActivation(Tensor like, string suffix, Shape shape)
    {
        var id = _tensors.Count;
        var name = like.Name.Contains('#', StringComparison.Ordinal) ? like.Name[..like.Name.IndexOf('#', StringComparison.Ordinal)] : like.Name;
        _tensors.Add(new Tensor(id, $"{name}{suffix}#{id}", shape, like.Type, like.Quantization, null));
        return id;
    }

    /// <summary>Adds a constant (a patch operator's own parameters), once per distinct content.</summary>
    private int AddConstant(string name, Shape shape, DataType type, byte[] data)
    {
        var key = $"{name}|{shape}|{type}|{Convert.ToBase64String(data)}";
        if (_constants.TryGetValue(key, out var existing)) return existing;
        var id = _tensors.Count;
        _tensors.Add(new Tensor(id, $"{name}{_constants.Count}", shape, type, null, data));
        _constants[key] = id;
        return id;
    }

    private static Shape PatchShape(Tensor whole, Rect window) => new(whole.Shape[0], window.Height, window.Width, whole.Shape[3]);

    /// <summary>True when the window is whole rows of a single-batch tensor: contiguous bytes, usable in place.</summary>
    private static bool IsContiguousRows(Tensor whole, Rect window) =>
        whole.Shape[0] == 1 && window.Cols.Start == 0 && window.Cols.End == whole.Shape[2];
}
