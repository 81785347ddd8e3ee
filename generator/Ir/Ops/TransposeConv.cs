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

    /// <summary>
    /// Rows and columns of padding before the first output pixel: TFLite computes them as for a
    /// convolution whose input is this operator's output (dilation 1), and scatters each input
    /// pixel to output origin (y * stride - top, x * stride - left).
    /// </summary>
    public (int Top, int Left) Padding(Graph g)
    {
        var output = g[Output].Shape;
        var filter = g[FilterId].Shape;
        return (Window.PadTop(output[1], filter[1]), Window.PadLeft(output[2], filter[2]));
    }

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
        // TFLite Micro's quantized kernels clamp to the full type range whatever the option says,
        // and its 16x8 kernel ignores zero points; refuse the models where TFLite would differ.
        if (Activation != Activation.None)
            throw OpChecks.Fail(this, $"a fused activation ({Activation}) on a quantized TRANSPOSE_CONV is not supported (TFLite Micro ignores it, TFLite applies it); use a separate activation operator");
        if (input.Type == DataType.Int16 && (input.Quant.ZeroPoint != 0 || output.Quant.ZeroPoint != 0))
            throw OpChecks.Fail(this, $"int16 input '{input.Name}' and output '{output.Name}' must have zero point 0 (the 16x8 scheme is symmetric)");
        if (filter.Shape[3] != input.Shape[3]) throw OpChecks.Fail(this, $"filter '{filter.Name}' {filter.Shape} does not match input channels {input.Shape[3]}");
        if (output.Shape[3] != filter.Shape[0] || output.Shape[0] != input.Shape[0]) throw OpChecks.Fail(this, $"output '{output.Name}' {output.Shape} does not match filter {filter.Shape}");
        if (bias is not null)
        {
            OpChecks.Constant(this, bias, "bias");
            // 16x8 takes int64 biases, or int16 ones that TFLite Micro widens to int64.
            if (input.Type == DataType.Int8) OpChecks.Type(this, bias, DataType.Int32);
            else OpChecks.Type(this, bias, DataType.Int64, DataType.Int16);
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
