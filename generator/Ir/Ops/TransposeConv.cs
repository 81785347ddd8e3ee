using System.Collections.Immutable;

namespace EdgeGen.Ir.Ops;

/// <summary>
/// TRANSPOSE_CONV: inputs are (output_shape int32[4], filter [Cout,KH,KW,Cin], input [N,H,W,Cin],
/// optional bias [Cout]) in TFLite's order; output [N,OH,OW,Cout].
/// </summary>
public sealed record TransposeConv(ImmutableArray<int> Inputs, ImmutableArray<int> Outputs, Window2D Window, Activation Activation) : Operator(Inputs, Outputs)
{
    public override string Kind => "TRANSPOSE_CONV";

    public int InputId => Inputs[2];
    public int FilterId => Inputs[1];

    public override long Macs(Graph g)
    {
        var filter = g[FilterId].Shape;
        return (long)g[InputId].Shape.ElementCount * filter[0] * filter[1] * filter[2];
    }

    public override void Validate(Graph g)
    {
        OpChecks.InputCount(this, 3, 4);
        Window.Validate(this);
        var outputShape = OpChecks.Required(g, this, 0, "output shape");
        var filter = OpChecks.Required(g, this, 1, "filter");
        var input = OpChecks.Required(g, this, 2, "input");
        var bias = OpChecks.Optional(g, this, 3);
        var output = g[Output];
        OpChecks.Rank(this, input, 4);
        OpChecks.Rank(this, filter, 4);
        OpChecks.Constant(this, filter, "filter");
        OpChecks.Type(this, input, DataType.Int8, DataType.Int16);
        OpChecks.Type(this, filter, DataType.Int8);
        OpChecks.Type(this, output, input.Type);
        OpChecks.Quantized(this, input);
        OpChecks.Quantized(this, filter);
        OpChecks.Quantized(this, output);
        OpChecks.PerAxisMatches(this, filter, 0, filter.Shape[0]);
        OpChecks.Rank(this, output, 4);
        if (filter.Shape[3] != input.Shape[3]) throw OpChecks.Fail(this, $"filter '{filter.Name}' {filter.Shape} does not match input channels {input.Shape[3]}");
        if (output.Shape[3] != filter.Shape[0] || output.Shape[0] != input.Shape[0]) throw OpChecks.Fail(this, $"output '{output.Name}' {output.Shape} does not match filter {filter.Shape}");
        if (bias is not null)
        {
            OpChecks.Constant(this, bias, "bias");
            OpChecks.Type(this, bias, input.Type == DataType.Int8 ? DataType.Int32 : DataType.Int64);
            if (bias.Shape.ElementCount != filter.Shape[0]) throw OpChecks.Fail(this, $"bias '{bias.Name}' has {bias.Shape.ElementCount} values for {filter.Shape[0]} output channels");
        }
        if (outputShape.IsConstant && outputShape.Type == DataType.Int32 && outputShape.Shape.ElementCount == 4
            && !outputShape.Int32Data.SequenceEqual(output.Shape.Dims.AsSpan()))
            throw OpChecks.Fail(this, $"output shape operand does not match output tensor '{output.Name}' {output.Shape}");
        // Each input pixel must land inside the output once padding is applied (the window rule in reverse).
        if (Window.OutputH(output.Shape[1], filter.Shape[1]) != input.Shape[1] || Window.OutputW(output.Shape[2], filter.Shape[2]) != input.Shape[2])
            throw OpChecks.Fail(this, $"input {input.Shape} and output {output.Shape} do not match the filter and stride");
    }
}
