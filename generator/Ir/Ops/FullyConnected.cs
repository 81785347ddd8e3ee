using System.Collections.Immutable;

namespace EdgeGen.Ir.Ops;

/// <summary>FULLY_CONNECTED: input [..., I] viewed as [batches, I], filter [O, I], optional bias [O], output [batches, O].</summary>
public sealed record FullyConnected(ImmutableArray<int> Inputs, ImmutableArray<int> Outputs, Activation Activation, bool KeepNumDims)
    : Operator(Inputs, Outputs)
{
    public override string Kind => "FULLY_CONNECTED";

    public override long Macs(Graph g) => (long)g[Inputs[1]].Shape.ElementCount * Batches(g);

    public int Batches(Graph g) => g[Inputs[0]].Shape.ElementCount / g[Inputs[1]].Shape[1];

    public override void Validate(Graph g)
    {
        OpChecks.InputCount(this, 2, 3);
        var input = OpChecks.Required(g, this, 0, "input");
        var filter = OpChecks.Required(g, this, 1, "filter");
        var bias = OpChecks.Optional(g, this, 2);
        var output = g[Output];
        OpChecks.Rank(this, filter, 2);
        OpChecks.Constant(this, filter, "filter");
        if (input.Type is DataType.Float32)
        {
            OpChecks.Type(this, filter, DataType.Float32);
            OpChecks.Type(this, output, DataType.Float32);
            if (bias is not null) OpChecks.Type(this, bias, DataType.Float32);
        }
        else
        {
            OpChecks.Type(this, input, DataType.Int8, DataType.Int16);
            OpChecks.Type(this, filter, DataType.Int8);
            OpChecks.Type(this, output, input.Type);
            if (bias is not null) OpChecks.Type(this, bias, input.Type == DataType.Int8 ? DataType.Int32 : DataType.Int64);
            OpChecks.Quantized(this, input);
            OpChecks.Quantized(this, filter);
            OpChecks.Quantized(this, output);
            OpChecks.PerAxisMatches(this, filter, 0, filter.Shape[0]);
        }
        var depth = filter.Shape[1];
        var units = filter.Shape[0];
        OpChecks.Positive(this, "filter size", depth, units);
        if (input.Shape.ElementCount % depth != 0)
            throw OpChecks.Fail(this, $"input '{input.Name}' of shape {input.Shape} does not split into rows of {depth}");
        if (bias is not null)
        {
            OpChecks.Constant(this, bias, "bias");
            if (bias.Shape.ElementCount != units) throw OpChecks.Fail(this, $"bias '{bias.Name}' has {bias.Shape.ElementCount} values for {units} units");
        }
        var batches = input.Shape.ElementCount / depth;
        if (output.Shape.Rank == 0 || output.Shape[-1] != units || output.Shape.ElementCount != batches * units)
            throw OpChecks.Fail(this, $"output tensor '{output.Name}' has shape {output.Shape}, expected {batches} rows of {units}");
    }
}
