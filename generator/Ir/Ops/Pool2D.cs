using System.Collections.Immutable;

namespace EdgeGen.Ir.Ops;

/// <summary>AVERAGE_POOL_2D and MAX_POOL_2D: input [N,H,W,C], a window per channel, same quantization in and out.</summary>
public abstract record Pool2D(ImmutableArray<int> Inputs, ImmutableArray<int> Outputs, Window2D Window, int FilterH, int FilterW, Activation Activation)
    : Operator(Inputs, Outputs)
{
    public override void Validate(Graph g)
    {
        OpChecks.InputCount(this, 1, 1);
        Window.Validate(this);
        OpChecks.Positive(this, "filter size", FilterH, FilterW);
        var input = OpChecks.Required(g, this, 0, "input");
        var output = g[Output];
        OpChecks.Rank(this, input, 4);
        OpChecks.Type(this, input, DataType.Int8, DataType.Int16, DataType.Float32);
        OpChecks.Type(this, output, input.Type);
        if (input.Type != DataType.Float32)
        {
            OpChecks.Quantized(this, input);
            OpChecks.Quantized(this, output);
        }
        var expected = new Shape(input.Shape[0], Window.OutputH(input.Shape[1], FilterH), Window.OutputW(input.Shape[2], FilterW), input.Shape[3]);
        OpChecks.Positive(this, "output size", expected[1], expected[2]);
        OpChecks.SameShape(this, output, expected);
    }
}

public sealed record AveragePool2D(ImmutableArray<int> Inputs, ImmutableArray<int> Outputs, Window2D Window, int FilterH, int FilterW, Activation Activation)
    : Pool2D(Inputs, Outputs, Window, FilterH, FilterW, Activation)
{
    public override string Kind => "AVERAGE_POOL_2D";
}

public sealed record MaxPool2D(ImmutableArray<int> Inputs, ImmutableArray<int> Outputs, Window2D Window, int FilterH, int FilterW, Activation Activation)
    : Pool2D(Inputs, Outputs, Window, FilterH, FilterW, Activation)
{
    public override string Kind => "MAX_POOL_2D";
}
