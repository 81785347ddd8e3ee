using System.Collections.Immutable;

namespace EdgeGen.Ir.Ops;

/// <summary>
/// PAD / PADV2: constant padding; paddings is a constant [rank, 2] int32/int64 tensor (before,
/// after per dimension). PAD fills with the output zero point, PADV2 with its constant third input.
/// </summary>
public sealed record Pad(ImmutableArray<int> Inputs, ImmutableArray<int> Outputs) : Operator(Inputs, Outputs)
{
    public override string Kind => HasInput(2) ? "PADV2" : "PAD";

    public (int Before, int After)[] Paddings(Graph g)
    {
        var p = g[Inputs[1]];
        var rank = g[Inputs[0]].Shape.Rank;
        var result = new (int, int)[rank];
        for (var d = 0; d < rank; d++)
            result[d] = p.Type == DataType.Int64
                ? (checked((int)p.Int64Data[2 * d]), checked((int)p.Int64Data[2 * d + 1]))
                : (p.Int32Data[2 * d], p.Int32Data[2 * d + 1]);
        return result;
    }

    public override void Validate(Graph g)
    {
        OpChecks.InputCount(this, 2, 3);
        var input = OpChecks.Required(g, this, 0, "input");
        var paddings = OpChecks.Required(g, this, 1, "paddings");
        var output = g[Output];
        OpChecks.Type(this, input, DataType.Int8, DataType.Int16, DataType.Float32);
        OpChecks.Type(this, output, input.Type);
        OpChecks.Type(this, paddings, DataType.Int32, DataType.Int64);
        OpChecks.Constant(this, paddings, "paddings");
        if (input.Shape.Rank is 0 or > 5) throw OpChecks.Fail(this, $"input rank {input.Shape.Rank} is not supported (1..5)");
        if (paddings.Shape.ElementCount != 2 * input.Shape.Rank)
            throw OpChecks.Fail(this, $"paddings '{paddings.Name}' has {paddings.Shape.ElementCount} values for rank {input.Shape.Rank}");
        var value = OpChecks.Optional(g, this, 2);
        if (value is not null)
        {
            OpChecks.Constant(this, value, "constant value");
            OpChecks.Type(this, value, input.Type);
            if (value.Shape.ElementCount != 1) throw OpChecks.Fail(this, "pad value must be a scalar");
        }
        if (input.Type != DataType.Float32) { OpChecks.Quantized(this, input); OpChecks.Quantized(this, output); }
        long[] dims;
        try
        {
            var pads = Paddings(g);
            dims = input.Shape.Dims.Select((d, i) => (long)pads[i].Before + d + pads[i].After).ToArray();
            if (pads.Any(p => p.Before < 0 || p.After < 0)) throw OpChecks.Fail(this, "negative padding is not supported");
        }
        catch (OverflowException) { throw OpChecks.Fail(this, "padding out of range"); }
        if (dims.Any(d => d <= 0 || d > int.MaxValue)) throw OpChecks.Fail(this, "padded size out of range");
        OpChecks.SameShape(this, output, new Shape(dims.Select(d => (int)d)));
    }
}
