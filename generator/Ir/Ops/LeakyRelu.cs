using System.Collections.Immutable;

namespace EdgeGen.Ir.Ops;

/// <summary>LEAKY_RELU: x for x >= 0, alpha * x otherwise, with requantization.</summary>
public sealed record LeakyRelu(ImmutableArray<int> Inputs, ImmutableArray<int> Outputs, float Alpha) : Operator(Inputs, Outputs)
{
    public override string Kind => "LEAKY_RELU";

    public override bool CanRunInPlace(Graph g) => true;

    public override void Validate(Graph g)
    {
        OpChecks.InputCount(this, 1, 1);
        var input = OpChecks.Required(g, this, 0, "input");
        var output = g[Output];
        OpChecks.Type(this, input, DataType.Int8, DataType.Int16, DataType.Float32);
        OpChecks.Type(this, output, input.Type);
        if (input.Type != DataType.Float32) { OpChecks.Quantized(this, input); OpChecks.Quantized(this, output); }
        if (float.IsNaN(Alpha) || float.IsInfinity(Alpha)) throw OpChecks.Fail(this, $"has an invalid alpha {Alpha}");
        OpChecks.SameShape(this, output, input.Shape);
    }
}
