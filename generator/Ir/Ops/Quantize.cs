using System.Collections.Immutable;

namespace EdgeGen.Ir.Ops;

/// <summary>QUANTIZE: float to integer, or integer to integer with new scale and zero point (requantize).</summary>
public sealed record Quantize(ImmutableArray<int> Inputs, ImmutableArray<int> Outputs) : Operator(Inputs, Outputs)
{
    public override string Kind => "QUANTIZE";

    public override bool CanRunInPlace(Graph g) => g[Inputs[0]].Type.SizeInBytes() >= g[Output].Type.SizeInBytes();

    public override void Validate(Graph g)
    {
        OpChecks.InputCount(this, 1, 1);
        var input = OpChecks.Required(g, this, 0, "input");
        var output = g[Output];
        OpChecks.Type(this, input, DataType.Float32, DataType.Int8, DataType.UInt8, DataType.Int16, DataType.Int32);
        OpChecks.Type(this, output, DataType.Int8, DataType.UInt8, DataType.Int16, DataType.Int32);
        if (input.Type != DataType.Float32) OpChecks.Quantized(this, input);
        OpChecks.Quantized(this, output);
        if (output.Quant.IsPerAxis) throw OpChecks.Fail(this, $"per-axis output quantization of '{output.Name}' is not supported");
        OpChecks.SameShape(this, output, input.Shape);
    }
}

/// <summary>DEQUANTIZE: integer to float32.</summary>
public sealed record Dequantize(ImmutableArray<int> Inputs, ImmutableArray<int> Outputs) : Operator(Inputs, Outputs)
{
    public override string Kind => "DEQUANTIZE";

    public override void Validate(Graph g)
    {
        OpChecks.InputCount(this, 1, 1);
        var input = OpChecks.Required(g, this, 0, "input");
        var output = g[Output];
        OpChecks.Type(this, input, DataType.Int8, DataType.UInt8, DataType.Int16, DataType.Int32);
        OpChecks.Type(this, output, DataType.Float32);
        OpChecks.Quantized(this, input);
        OpChecks.SameShape(this, output, input.Shape);
    }
}
