using System.Collections.Immutable;

namespace EdgeGen.Ir.Ops;

/// <summary>
/// STRIDED_SLICE with constant begin/end/strides (int32), begin/end/shrink-axis masks and the
/// offset flag. Ellipsis and new-axis masks are rejected.
/// </summary>
public sealed record StridedSlice(ImmutableArray<int> Inputs, ImmutableArray<int> Outputs,
    int BeginMask, int EndMask, int EllipsisMask, int NewAxisMask, int ShrinkAxisMask, bool Offset) : Operator(Inputs, Outputs)
{
    public override string Kind => "STRIDED_SLICE";

    /// <summary>Per input dimension: first index, stride and count of elements taken.</summary>
    public (int Start, int Stride, int Count)[] Ranges(Graph g)
    {
        var shape = g[Inputs[0]].Shape;
        var begin = g[Inputs[1]].Int32Data;
        var end = g[Inputs[2]].Int32Data;
        var strides = g[Inputs[3]].Int32Data;
        var result = new (int, int, int)[shape.Rank];
        for (var d = 0; d < shape.Rank; d++)
        {
            var dim = shape[d];
            var stride = d < strides.Length ? strides[d] : 1;
            if (stride == 0) throw OpChecks.Fail(this, "stride 0");
            var shrink = (ShrinkAxisMask >> d & 1) != 0;
            long b = d < begin.Length ? begin[d] : 0;
            long e = d < end.Length ? end[d] : dim;
            b = ClampIndex(b, dim, stride, (BeginMask >> d & 1) != 0, isBegin: true);
            // The offset flag makes end relative to the resolved begin (TFLite's StridedSliceEndForAxis).
            if (Offset) e += b;
            // A shrunk axis takes the one element at begin, none when begin lies past the end.
            if (shrink) e = b >= dim ? b : b + 1;
            else e = ClampIndex(e, dim, stride, (EndMask >> d & 1) != 0, isBegin: false);
            var count = stride > 0 ? Math.Max(0, (e - b + stride - 1) / stride) : Math.Max(0, (b - e - stride - 1) / -stride);
            result[d] = ((int)b, stride, (int)count);
        }
        return result;
    }

    // TFLite's StartForAxis/StopForAxis: negative indices count from the end, then clamp to the
    // valid range for the stride's direction; a masked index takes the extreme value.
    private static long ClampIndex(long index, int dim, int stride, bool masked, bool isBegin)
    {
        if (masked)
        {
            if (isBegin) return stride > 0 ? 0 : dim - 1;
            return stride > 0 ? dim : -1;
        }
        if (index < 0) index += dim;
        if (isBegin) return stride > 0 ? Math.Clamp(index, 0, dim) : Math.Clamp(index, -1, dim - 1);
        return stride > 0 ? Math.Clamp(index, 0, dim) : Math.Clamp(index, -1, dim - 1);
    }

    public override void Validate(Graph g)
    {
        OpChecks.InputCount(this, 4, 4);
        var input = OpChecks.Required(g, this, 0, "input");
        var output = g[Output];
        OpChecks.Type(this, output, input.Type);
        for (var i = 1; i < 4; i++)
        {
            var t = OpChecks.Required(g, this, i, "index");
            OpChecks.Constant(this, t, i == 1 ? "begin" : i == 2 ? "end" : "strides");
            OpChecks.Type(this, t, DataType.Int32);
            if (t.Shape.ElementCount != input.Shape.Rank) throw OpChecks.Fail(this, $"'{t.Name}' has {t.Shape.ElementCount} values for rank {input.Shape.Rank}");
        }
        if (EllipsisMask != 0 || NewAxisMask != 0) throw OpChecks.Fail(this, "ellipsis and new-axis masks are not supported");
        if (input.Shape.Rank is 0 or > 5) throw OpChecks.Fail(this, $"rank {input.Shape.Rank} is not supported (1..5)");
        var count = Ranges(g).Aggregate(1L, (n, r) => n * r.Count);
        if (count != output.Shape.ElementCount) throw OpChecks.Fail(this, $"slice has {count} elements, output '{output.Name}' has {output.Shape.ElementCount}");
        if (input.Type is DataType.Int8 or DataType.Int16)
        {
            OpChecks.Quantized(this, input);
            OpChecks.Quantized(this, output);
        }
    }
}
