using System.Collections.Immutable;

namespace EdgeGen.Ir.Ops;

/// <summary>MEAN over constant axes (int32 tensor), keeping the reduced dimensions as 1 or dropping them.</summary>
public sealed record Mean(ImmutableArray<int> Inputs, ImmutableArray<int> Outputs, bool KeepDims) : Operator(Inputs, Outputs)
{
    public override string Kind => "MEAN";

    /// <summary>The reduced axes, normalized to 0..rank-1, sorted, without repeats.</summary>
    public int[] Axes(Graph g)
    {
        var rank = g[Inputs[0]].Shape.Rank;
        var axes = new SortedSet<int>();
        foreach (var a in g[Inputs[1]].Int32Data)
        {
            if (a < -rank || a >= rank) throw OpChecks.Fail(this, $"axis {a} is out of range for rank {rank}");
            axes.Add(a < 0 ? a + rank : a);
        }
        return axes.ToArray();
    }

    /// <summary>
    /// Where input element i0..in goes: its output slot is Σ i_d · SlotStrides[d] (0 on the reduced axes), and
    /// Count input elements fall into each slot.
    /// </summary>
    public (int[] SlotStrides, int Count) Slots(Graph g)
    {
        var shape = g[Inputs[0]].Shape;
        var axes = Axes(g);
        var strides = new int[shape.Rank];
        var stride = 1;
        var count = 1;
        for (var d = shape.Rank - 1; d >= 0; d--)
        {
            if (axes.Contains(d)) { count *= shape[d]; continue; }
            strides[d] = stride;
            stride *= shape[d];
        }
        return (strides, count);
    }

    public override void Validate(Graph g)
    {
        OpChecks.InputCount(this, 2, 2);
        var input = OpChecks.Required(g, this, 0, "input");
        var axis = OpChecks.Required(g, this, 1, "axis");
        var output = g[Output];
        OpChecks.Type(this, input, DataType.Int8, DataType.Int16, DataType.Float32);
        OpChecks.Type(this, output, input.Type);
        OpChecks.Type(this, axis, DataType.Int32);
        OpChecks.Constant(this, axis, "axis");
        if (input.Type != DataType.Float32) { OpChecks.Quantized(this, input); OpChecks.Quantized(this, output); }
        // TFLite Micro's kernel keeps at most 5 input dimensions and 2 distinct reduced axes.
        if (input.Shape.Rank > 5) throw OpChecks.Fail(this, $"input rank {input.Shape.Rank} is not supported (at most 5)");
        var axes = Axes(g);
        if (axes.Length > 2) throw OpChecks.Fail(this, $"reduces over {axes.Length} axes; at most 2 distinct axes are supported (as in TFLite Micro)");
        if (axes.Any(a => input.Shape[a] == 0)) throw OpChecks.Fail(this, $"reduces over an empty axis of '{input.Name}' {input.Shape}");
        var dims = new List<int>();
        for (var d = 0; d < input.Shape.Rank; d++)
        {
            if (!axes.Contains(d)) dims.Add(input.Shape[d]);
            else if (KeepDims) dims.Add(1);
        }
        if (output.Shape.ElementCount != dims.Aggregate(1, (a, b) => a * b))
            throw OpChecks.Fail(this, $"output tensor '{output.Name}' has shape {output.Shape}, expected {new Shape(dims)}");
    }
}
