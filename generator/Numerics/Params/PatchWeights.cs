using EdgeGen.Ir;

namespace EdgeGen.Numerics.Params;

/// <summary>
/// A convolution's int8 filter [Cout, KH, KW, Cin] as Cout rows of KH*KW*Cin weights, each row
/// padded with zero weights to <see cref="RowLength"/> (a multiple of 8), so a kernel that gathers
/// an output pixel's input window into one patch computes each output channel as one dot product
/// with no scalar tail. Zero weights make the padding's contribution exactly zero.
/// </summary>
public sealed record PatchWeights(int Taps, int RowLength, sbyte[] Values)
{
    public static PatchWeights For(Tensor filter)
    {
        var cout = filter.Shape[0];
        var taps = filter.Shape.ElementCount / cout;
        var row = (taps + 7) / 8 * 8;
        var values = new sbyte[cout * row];
        var source = filter.Int8Data;
        for (var oc = 0; oc < cout; oc++) source.Slice(oc * taps, taps).CopyTo(values.AsSpan(oc * row));
        return new PatchWeights(taps, row, values);
    }
}
