using System.Collections.Immutable;
using EdgeGen.Ir;
using EdgeGen.Ir.Ops;
using EdgeGen.Planning.Patches;

namespace EdgeGen.Planning.Mixed;

/// <summary>Which run-time path an operator of a mixed graph belongs to.</summary>
public enum MixedPath { Always, EightBit, LowBit }

/// <summary>
/// A patched graph lowered for mixed precision: every tile runs its input crops (<see cref="MixedPath.Always"/>),
/// then either the int8 stage operators (<see cref="MixedPath.EightBit"/>, for outlier patches) or their
/// copies on packed low-bit feature maps (<see cref="MixedPath.LowBit"/>), then places its split rows.
/// Both paths write the same split patch, so what follows the stage does not know which one ran.
/// </summary>
/// <param name="Patched">The lowered graph with both paths (its SourceOps, Tiles and Views cover every operator).</param>
/// <param name="Paths">For each operator of the lowered graph, its path.</param>
/// <param name="Checked">For each tile, the windows of the model input the outlier check reads.</param>
public sealed record MixedGraph(PatchedGraph Patched, MixedPlan Plan, ImmutableArray<MixedPath> Paths, ImmutableArray<ImmutableArray<CheckedWindow>> Checked)
{
    public Graph Graph => Patched.Graph;

    /// <summary>MACs of one inference when every patch runs at 8 bits (the graph holds both paths; their sum means nothing).</summary>
    public long EightBitMacs => Enumerable.Range(0, Graph.Operators.Length).Where(i => Paths[i] != MixedPath.LowBit).Sum(i => Graph.Operators[i].Macs(Graph));

    /// <summary>The search that chose the plan (null when the plan was given).</summary>
    public MixedSearchResult? Search { get; init; }

    /// <summary>True when the patch's input window holds a value beyond the threshold (the rule the C code runs too).</summary>
    public bool IsOutlier(int tile, Func<int, ReadOnlySpan<sbyte>> values)
    {
        foreach (var w in Checked[tile])
        {
            var t = Graph[w.Tensor];
            var zp = t.Quant.ZeroPoint;
            var all = values(w.Tensor);
            for (var y = 0; y < w.Rows; y++)
                foreach (var q in all.Slice(((w.Top + y) * t.Shape[2] + w.Left) * t.Shape[3], w.Cols * t.Shape[3]))
                    if (Math.Abs(q - zp) > Plan.Threshold) return true;
        }
        return false;
    }
}

/// <summary>
/// A window of an NHWC tensor (single batch) the outlier check reads: the model input itself, so
/// that each path crops its own copy (a copy shared by both paths would live through both), or a
/// streamed input window (then the whole patch).
/// </summary>
public sealed record CheckedWindow(int Tensor, int Top, int Left, int Rows, int Cols);

/// <summary>Lowers a tiled <see cref="PatchedGraph"/> and a <see cref="MixedPlan"/> into a <see cref="MixedGraph"/>.</summary>
public static class MixedLowering
{
    public static MixedGraph Lower(PatchedGraph patched, MixedPlan plan)
    {
        var source = patched.Source;
        if (patched.Plan.ReuseRows)
            throw new EdgeGenException($"model '{source.Name}': mixed precision needs a tiled patch plan (ROWSxCOLS@OP); row streams ({patched.Plan}) keep rows of one strip for the next, which may run at another precision");
        if (source.Inputs.Length != 1)
            throw new EdgeGenException($"model '{source.Name}': mixed precision checks one input for outliers; the model has {source.Inputs.Length}");
        foreach (var (tensor, format) in plan.Formats)
        {
            format.Check($"feature map '{source[tensor].Name}'");
            var producer = source.ProducerOf(tensor);
            if (producer < 0 || producer >= patched.Plan.SplitOp)
                throw new EdgeGenException($"model '{source.Name}': tensor '{source[tensor].Name}' is not a feature map inside the patch stage (#0..#{patched.Plan.SplitOp - 1}); only those can be low-bit");
            if (source[tensor].Type != DataType.Int8)
                throw new EdgeGenException($"model '{source.Name}': feature map '{source[tensor].Name}' is {source[tensor].Type.DisplayName()}; only int8 maps can be low-bit");
        }
        return new Builder(patched, plan).Run();
    }

    private sealed class Builder(PatchedGraph patched, MixedPlan plan)
    {
        private readonly Graph _g = patched.Graph;
        private readonly List<Tensor> _tensors = patched.Graph.Tensors.ToList();
        private readonly List<Operator> _ops = new();
        private readonly List<int> _sources = new();
        private readonly List<int> _tiles = new();
        private readonly List<MixedPath> _paths = new();
        private readonly Dictionary<int, TensorView> _views = new(patched.Views);
        private readonly List<ImmutableArray<CheckedWindow>> _checked = new();

        public MixedGraph Run()
        {
            var input = _g.Inputs[0];
            for (var i = 0; i < _g.Operators.Length;)
            {
                var tile = patched.Tiles[i];
                var end = i;
                while (end < _g.Operators.Length && patched.Tiles[end] == tile) end++;
                if (tile < 0)
                    for (var k = i; k < end; k++) Add(_g.Operators[k], k, MixedPath.Always);
                else
                    Tile(Enumerable.Range(i, end - i).ToList(), input);
                i = end;
            }
            var graph = _g with { Tensors = _tensors.ToImmutableArray(), Operators = _ops.ToImmutableArray() };
            var lowered = patched with { Graph = graph, SourceOps = _sources.ToImmutableArray(), Tiles = _tiles.ToImmutableArray(), Views = _views };
            return new MixedGraph(lowered, plan, _paths.ToImmutableArray(), _checked.ToImmutableArray());
        }

        /// <summary>One tile: the crops of the model input, the int8 path, the low-bit path, the placements of the split rows.</summary>
        private void Tile(List<int> ops, int input)
        {
            // Streamed windows come once from the application, so both paths read them; crops of the
            // input buffer are made by each path itself and checked in the input buffer.
            var windows = ops.Where(k => _g.Operators[k] is InputWindow).ToList();
            var crops = ops.Where(k => _g.Operators[k] is CropPatch && _g.Operators[k].Inputs[0] == input).ToList();
            var places = ops.Where(k => _g.Operators[k] is PlacePatch).ToList();
            var body = ops.Except(windows).Except(places).ToList();
            foreach (var k in windows) Add(_g.Operators[k], k, MixedPath.Always);
            _checked.Add(windows.Select(k => Whole(_g.Operators[k].Output))
                .Concat(crops.Select(k => (CropPatch)_g.Operators[k]).Select(c => new CheckedWindow(input, c.Top, c.Left, _g[c.Output].Shape[1], _g[c.Output].Shape[2])))
                .ToImmutableArray());
            foreach (var k in body) Add(_g.Operators[k], k, MixedPath.EightBit);
            LowPath(body, places.SelectMany(k => _g.Operators[k].Inputs).ToHashSet());
            foreach (var k in places) Add(_g.Operators[k], k, MixedPath.Always);
        }

        private CheckedWindow Whole(int patch) => new(patch, 0, 0, _g[patch].Shape[1], _g[patch].Shape[2]);

        /// <summary>
        /// The stage operators again on fresh tensors; each output of a low-bit feature map is packed
        /// right after its producer and unpacked right before each reader (the unpacked copy lives only
        /// for that reader). <paramref name="kept"/> (the split patch) is written by both paths.
        /// </summary>
        private void LowPath(List<int> body, HashSet<int> kept)
        {
            var renamed = new Dictionary<int, int>();
            var packed = new Dictionary<int, (int Packed, LowBitFormat Format)>();
            foreach (var k in body)
            {
                var op = _g.Operators[k];
                var inputs = op.Inputs.Select(id => id < 0 || !renamed.TryGetValue(id, out var r) ? id : r).ToList();
                for (var j = 0; j < inputs.Count; j++)
                    if (inputs[j] >= 0 && packed.TryGetValue(inputs[j], out var p))
                        inputs[j] = Unpack(inputs[j], p.Packed, p.Format, k);
                var outputs = op.Outputs.Select(id => kept.Contains(id) ? id : renamed[id] = Copy(id)).ToImmutableArray();
                Add(WithTensors(op, inputs.ToImmutableArray(), outputs), k, MixedPath.LowBit);
                RemapView(op, outputs[0], inputs, renamed);
                if (op is CropPatch or PlacePatch || kept.Contains(op.Output)) continue;
                if (plan.Formats.TryGetValue(patched.Source.Operators[patched.SourceOps[k]].Output, out var format))
                    packed[outputs[0]] = (Pack(outputs[0], format, k), format);
            }
        }

        private int Pack(int values, LowBitFormat format, int at)
        {
            var t = _tensors[values];
            var bytes = LowBitFormat.PackedBytes(t.Shape.ElementCount, format.Bits);
            var id = AddTensor(t with { Name = Strip(t.Name) + $"/packed{format.Bits}", Shape = new Shape(bytes), Type = DataType.UInt8, Quantization = null });
            Add(new PackLowBit(ImmutableArray.Create(values), ImmutableArray.Create(id), format), at, MixedPath.LowBit);
            return id;
        }

        private int Unpack(int values, int packedId, LowBitFormat format, int at)
        {
            var id = AddTensor(_tensors[values] with { Name = Strip(_tensors[values].Name) + "/unpacked" });
            Add(new UnpackLowBit(ImmutableArray.Create(packedId), ImmutableArray.Create(id), format), at, MixedPath.LowBit);
            return id;
        }

        /// <summary>A view of the int8 path (a part of a patch read in place) becomes the same view of the low path's copy.</summary>
        /// A crop read in place from an unpacked patch becomes a view of the unpacked copy.
        private void RemapView(Operator op, int copy, List<int> inputs, Dictionary<int, int> renamed)
        {
            if (op.Output == copy || !_views.TryGetValue(op.Output, out var view)) return;
            var parent = op is CropPatch && view.Parent == op.Inputs[0] ? inputs[0] : renamed.GetValueOrDefault(view.Parent, view.Parent);
            _views[copy] = view with { Parent = parent };
        }

        private int Copy(int id) => AddTensor(_tensors[id] with { Name = Strip(_tensors[id].Name) + "/lo" });

        private int AddTensor(Tensor like)
        {
            var id = _tensors.Count;
            _tensors.Add(like with { Id = id, Name = $"{like.Name}#{id}" });
            return id;
        }

        private static string Strip(string name) => name.Contains('#', StringComparison.Ordinal) ? name[..name.IndexOf('#', StringComparison.Ordinal)] : name;

        private void Add(Operator op, int from, MixedPath path)
        {
            _ops.Add(op);
            _sources.Add(patched.SourceOps[from]);
            _tiles.Add(patched.Tiles[from]);
            _paths.Add(path);
        }

        private static Operator WithTensors(Operator op, ImmutableArray<int> inputs, ImmutableArray<int> outputs) => op with { Inputs = inputs, Outputs = outputs };
    }
}
