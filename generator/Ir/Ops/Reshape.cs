using System.Collections.Immutable;

namespace EdgeGen.Ir.Ops;

/// <summary>RESHAPE (also used for SQUEEZE-like views): same bytes, new shape taken from the output tensor.</summary>
public sealed record Reshape(ImmutableArray<int> Inputs, ImmutableArray<int> Outputs) : Operator(Inputs, Outputs)
{
    public override string Kind => "RESHAPE";

    public override bool CanRunInPlace(Graph g) => true;

    public override void Validate(Graph g)
    {
        OpChecks.InputCount(this, 1, 2);
        var input = OpChecks.Required(g, this, 0, "input");
        var output = g[Output];
        OpChecks.Type(this, output, input.Type);
        if (input.Shape.ElementCount != output.Shape.ElementCount)
            throw OpChecks.Fail(this, $"input '{input.Name}' {input.Shape} and output '{output.Name}' {output.Shape} differ in element count");
    }
}
