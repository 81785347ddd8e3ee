using System.Collections.Immutable;

namespace EdgeGen.Ir.Ops;

/// <summary>
/// ADD and SUB share their shape rules: two inputs of one type, same shape or broadcast per
/// dimension (numpy rules, up to rank 6), output of the broadcast shape.
/// </summary>
public abstract record ElementwiseBinary(ImmutableArray<int> Inputs, ImmutableArray<int> Outputs, Activation Activation, bool PotScaleInt16)
    : Operator(Inputs, Outputs)
{
    public override bool CanRunInPlace(Graph g) => g[Inputs[0]].Shape.Equals(g[Output].Shape);

    public override void Validate(Graph g)
    {
        OpChecks.InputCount(this, 2, 2);
        var a = OpChecks.Required(g, this, 0, "first");
        var b = OpChecks.Required(g, this, 1, "second");
        var output = g[Output];
        OpChecks.Type(this, a, DataType.Int8, DataType.Int16, DataType.Float32);
        OpChecks.Type(this, b, a.Type);
        OpChecks.Type(this, output, a.Type);
        if (a.Type != DataType.Float32)
        {
            OpChecks.Quantized(this, a);
            OpChecks.Quantized(this, b);
            OpChecks.Quantized(this, output);
        }
        OpChecks.SameShape(this, output, BroadcastShape(this, a.Shape, b.Shape));
    }

    public static Shape BroadcastShape(Operator op, Shape a, Shape b)
    {
        var rank = Math.Max(a.Rank, b.Rank);
        if (rank > 6) throw OpChecks.Fail(op, $"broadcast of rank {rank} is not supported (at most 6)");
        var dims = new int[rank];
        for (var i = 0; i < rank; i++)
        {
            var da = i < rank - a.Rank ? 1 : a.Dims[i - (rank - a.Rank)];
            var db = i < rank - b.Rank ? 1 : b.Dims[i - (rank - b.Rank)];
            if (da != db && da != 1 && db != 1) throw OpChecks.Fail(op, $"shapes {a} and {b} do not broadcast");
            dims[i] = Math.Max(da, db);
        }
        return new Shape(dims);
    }
}

public sealed record Add(ImmutableArray<int> Inputs, ImmutableArray<int> Outputs, Activation Activation, bool PotScaleInt16 = true)
    : ElementwiseBinary(Inputs, Outputs, Activation, PotScaleInt16)
{
    public override string Kind => "ADD";
}

public sealed record Sub(ImmutableArray<int> Inputs, ImmutableArray<int> Outputs, Activation Activation, bool PotScaleInt16 = true)
    : ElementwiseBinary(Inputs, Outputs, Activation, PotScaleInt16)
{
    public override string Kind => "SUB";
}
