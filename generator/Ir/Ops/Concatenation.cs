using System.Collections.Immutable;

namespace EdgeGen.Ir.Ops;

/// <summary>CONCATENATION along one axis; inputs may have their own quantization (then they are requantized).</summary>
public sealed record Concatenation(ImmutableArray<int> Inputs, ImmutableArray<int> Outputs, int Axis, Activation Activation) : Operator(Inputs, Outputs)
{
    public override string Kind => "CONCATENATION";

    public int NormalizedAxis(Graph g) => Axis < 0 ? Axis + g[Output].Shape.Rank : Axis;

    public override void Validate(Graph g)
    {
        if (Inputs.Length < 1 || Outputs.Length != 1) throw OpChecks.Fail(this, "expects at least one input and one output");
        var output = g[Output];
        var rank = output.Shape.Rank;
        var axis = NormalizedAxis(g);
        if (axis < 0 || axis >= rank) throw OpChecks.Fail(this, $"axis {Axis} is out of range for rank {rank}");
        OpChecks.Type(this, output, DataType.Int8, DataType.Int16, DataType.Int32, DataType.Float32);
        var total = 0L;
        for (var i = 0; i < Inputs.Length; i++)
        {
            var t = OpChecks.Required(g, this, i, $"#{i}");
            OpChecks.Type(this, t, output.Type);
            if (t.Shape.Rank != rank) throw OpChecks.Fail(this, $"input '{t.Name}' has rank {t.Shape.Rank}, output has {rank}");
            for (var d = 0; d < rank; d++)
                if (d != axis && t.Shape[d] != output.Shape[d]) throw OpChecks.Fail(this, $"input '{t.Name}' {t.Shape} does not match output {output.Shape} outside axis {axis}");
            if (output.Type is DataType.Int8 or DataType.Int16) OpChecks.Quantized(this, t);
            total += t.Shape[axis];
        }
        if (total != output.Shape[axis]) throw OpChecks.Fail(this, $"inputs sum to {total} along axis {axis}, output has {output.Shape[axis]}");
    }
}
