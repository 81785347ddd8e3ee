using System.Collections.Immutable;

namespace EdgeGen.Ir.Ops;

/// <summary>SOFTMAX over the last dimension.</summary>
public sealed record Softmax(ImmutableArray<int> Inputs, ImmutableArray<int> Outputs, float Beta) : Operator(Inputs, Outputs)
{
    public override string Kind => "SOFTMAX";

    public override void Validate(Graph g)
    {
        OpChecks.InputCount(this, 1, 1);
        var input = OpChecks.Required(g, this, 0, "input");
        var output = g[Output];
        if (input.Shape.Rank == 0) throw OpChecks.Fail(this, $"input '{input.Name}' is a scalar");
        OpChecks.Type(this, input, DataType.Int8, DataType.Float32);
        OpChecks.Type(this, output, input.Type);
        if (input.Type == DataType.Int8)
        {
            OpChecks.Quantized(this, input);
            OpChecks.Quantized(this, output);
        }
        if (float.IsNaN(Beta) || float.IsInfinity(Beta) || Beta <= 0) throw OpChecks.Fail(this, $"has an invalid beta {Beta}");
        OpChecks.SameShape(this, output, input.Shape);
    }
}
