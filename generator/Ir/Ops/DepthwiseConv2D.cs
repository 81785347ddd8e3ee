using System.Collections.Immutable;

namespace EdgeGen.Ir.Ops;

/// <summary>
/// DEPTHWISE_CONV_2D: input [N,H,W,Cin], filter [1,KH,KW,Cin*M], optional bias [Cin*M]; output
/// channel c reads input channel c / M.
/// </summary>
public sealed record DepthwiseConv2D(ImmutableArray<int> Inputs, ImmutableArray<int> Outputs, Window2D Window, int DepthMultiplier, Activation Activation)
    : Operator(Inputs, Outputs)
{
    public override string Kind => "DEPTHWISE_CONV_2D";

    public override long Macs(Graph g)
    {
        var filter = g[Inputs[1]].Shape;
        return (long)g[Output].Shape.ElementCount * filter[1] * filter[2];
    }

    public override void Validate(Graph g)
    {
        OpChecks.InputCount(this, 2, 3);
        Window.Validate(this);
        var input = OpChecks.Required(g, this, 0, "input");
        var filter = OpChecks.Required(g, this, 1, "filter");
        var bias = OpChecks.Optional(g, this, 2);
        var output = g[Output];
        OpChecks.Rank(this, input, 4);
        OpChecks.Rank(this, filter, 4);
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
            OpChecks.PerAxisMatches(this, filter, 3, filter.Shape[3]);
        }
        var cin = input.Shape[3];
        var cout = filter.Shape[3];
        if (filter.Shape[0] != 1 || cin == 0 || cout % cin != 0)
            throw OpChecks.Fail(this, $"filter '{filter.Name}' shape {filter.Shape} does not fit input channels {cin}");
        if (bias is not null)
        {
            OpChecks.Constant(this, bias, "bias");
            if (bias.Shape.ElementCount != cout) throw OpChecks.Fail(this, $"bias '{bias.Name}' has {bias.Shape.ElementCount} values for {cout} output channels");
        }
        var expected = new Shape(input.Shape[0], Window.OutputH(input.Shape[1], filter.Shape[1]), Window.OutputW(input.Shape[2], filter.Shape[2]), cout);
        OpChecks.Positive(this, "output size", expected[1], expected[2]);
        OpChecks.SameShape(this, output, expected);
    }

    /// <summary>The real multiplier: the output channels per input channel (TFLite ignores the stored option).</summary>
    public int Multiplier(Graph g) => g[Inputs[1]].Shape[3] / g[Inputs[0]].Shape[3];
}
