using System.Collections.Immutable;

namespace EdgeGen.Ir.Ops;

/// <summary>CONV_2D: input [N,H,W,Cin], filter [Cout,KH,KW,Cin], optional bias [Cout], output [N,OH,OW,Cout].</summary>
public sealed record Conv2D(ImmutableArray<int> Inputs, ImmutableArray<int> Outputs, Window2D Window, Activation Activation)
    : Operator(Inputs, Outputs)
{
    public override string Kind => "CONV_2D";

    public override long Macs(Graph g)
    {
        var filter = g[Inputs[1]].Shape;
        return (long)g[Output].Shape.ElementCount * filter[1] * filter[2] * filter[3];
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
            OpChecks.Type(this, filter, DataType.Float32, DataType.Int8);
            OpChecks.Type(this, output, DataType.Float32);
            if (bias is not null) OpChecks.Type(this, bias, DataType.Float32);
            if (filter.Type == DataType.Int8) ValidateHybrid(filter);
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
            // TFLite Micro's 16x8 kernel uses no zero points; refuse models where that would matter.
            if (input.Type == DataType.Int16 && (input.Quant.ZeroPoint != 0 || output.Quant.ZeroPoint != 0))
                throw OpChecks.Fail(this, $"int16 input '{input.Name}' and output '{output.Name}' must have zero point 0 (the 16x8 scheme is symmetric)");
        }
        var cin = input.Shape[3];
        if (filter.Shape[3] != cin)
            throw OpChecks.Fail(this, $"filter '{filter.Name}' has {filter.Shape[3]} input channels, input has {cin} (grouped convolution is not supported)");
        if (bias is not null)
        {
            OpChecks.Constant(this, bias, "bias");
            if (bias.Shape.ElementCount != filter.Shape[0]) throw OpChecks.Fail(this, $"bias '{bias.Name}' has {bias.Shape.ElementCount} values for {filter.Shape[0]} output channels");
        }
        var expected = new Shape(input.Shape[0], Window.OutputH(input.Shape[1], filter.Shape[1]), Window.OutputW(input.Shape[2], filter.Shape[2]), filter.Shape[0]);
        OpChecks.Positive(this, "output size", expected[1], expected[2]);
        OpChecks.SameShape(this, output, expected);
    }

    /// <summary>
    /// Float input with int8 weights: TFLite's hybrid ("dynamic range quantized") convolution,
    /// which quantizes the input on the fly. Only its per-tensor form (EvalHybrid, symmetric input
    /// quantization) is supported; distinct per-channel scales select TFLite's asymmetric
    /// EvalHybridPerChannel, which EdgeGen does not implement.
    /// </summary>
    private void ValidateHybrid(Tensor filter)
    {
        OpChecks.Quantized(this, filter);
        var q = filter.Quant;
        if (q.ZeroPoints.Any(z => z != 0))
            throw OpChecks.Fail(this, $"hybrid filter '{filter.Name}' has a non-zero zero point (int8 weights are symmetric)");
        if (q.Scales.Any(s => s != q.Scales[0]))
            throw OpChecks.Fail(this, $"hybrid filter '{filter.Name}' has per-channel scales; only per-tensor hybrid CONV_2D (TFLite's EvalHybrid) is supported");
    }

    /// <summary>Float input and output with int8 weights (see <see cref="ValidateHybrid"/>).</summary>
    public bool IsHybrid(Graph g) => g[Inputs[0]].Type == DataType.Float32 && g[Inputs[1]].Type == DataType.Int8;
}
