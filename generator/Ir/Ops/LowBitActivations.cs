using System.Collections.Immutable;

namespace EdgeGen.Ir.Ops;

/// <summary>
/// How a low-bit feature map stores an int8 value q with zero point zp, exactly in integers so that
/// the reference and the generated C agree bit for bit:
/// <code>
/// d    = q - zp                                  (-255..255)
/// c    = Shift == 0 ? d : (d + 2^(Shift-1)) >> Shift     (rounding half up, arithmetic shift)
/// c    = clamp(c, CodeMin, CodeMin + 2^Bits - 1)
/// code = c - CodeMin                             (Bits bits, unsigned)
/// q'   = clamp(c * 2^Shift + zp, -128, 127)      (what consumers read)
/// </code>
/// Codes are packed <see cref="Bits"/> bits per value, least significant bits first, value i at
/// bit i*Bits of the byte array (so a 4-bit map is two values a byte, the first in the low nibble).
/// The zero point always decodes to itself (c = 0 lies in the code range), so zero activations and
/// padding stay exact; <see cref="Shift"/> and <see cref="CodeMin"/> place the 2^Bits codes over the
/// values the feature map really takes (a ReLU output needs no negative codes).
/// </summary>
public sealed record LowBitFormat(int Bits, int Shift, int CodeMin)
{
    public int CodeMax => CodeMin + (1 << Bits) - 1;

    public static int PackedBytes(int elements, int bits) => (int)(((long)elements * bits + 7) / 8);

    public void Check(string where)
    {
        if (Bits is not (2 or 4)) throw new EdgeGenException($"{where}: a packed feature map has 2 or 4 bits per value, not {Bits}");
        if (Shift is < 0 or > 8) throw new EdgeGenException($"{where}: shift {Shift} is outside 0..8");
        if (CodeMin > 0 || CodeMax < 0) throw new EdgeGenException($"{where}: codes {CodeMin}..{CodeMax} do not include 0 (the zero point)");
    }

    public int Encode(int q, int zeroPoint)
    {
        var d = q - zeroPoint;
        var c = Shift == 0 ? d : (d + (1 << (Shift - 1))) >> Shift;
        return Math.Clamp(c, CodeMin, CodeMax) - CodeMin;
    }

    public int Decode(int code, int zeroPoint) => Math.Clamp((code + CodeMin) * (1 << Shift) + zeroPoint, -128, 127);

    public override string ToString() => $"{Bits}b>>{Shift}@{CodeMin}";
}

/// <summary>
/// PACK_LOWBIT (EdgeGen's own, made by mixed-precision lowering): stores an int8 feature map as
/// packed <see cref="LowBitFormat.Bits"/>-bit codes (a uint8 byte array) per <see cref="Format"/>.
/// </summary>
public sealed record PackLowBit(ImmutableArray<int> Inputs, ImmutableArray<int> Outputs, LowBitFormat Format) : Operator(Inputs, Outputs)
{
    public override string Kind => "PACK_LOWBIT";

    public override void Validate(Graph g)
    {
        OpChecks.InputCount(this, 1, 1);
        var input = OpChecks.Required(g, this, 0, "input");
        OpChecks.Type(this, input, DataType.Int8);
        LowBitCheck.Packed(this, g[Output], input, Format);
    }
}

/// <summary>UNPACK_LOWBIT (EdgeGen's own): the int8 values q' a packed feature map decodes to (see <see cref="LowBitFormat"/>).</summary>
public sealed record UnpackLowBit(ImmutableArray<int> Inputs, ImmutableArray<int> Outputs, LowBitFormat Format) : Operator(Inputs, Outputs)
{
    public override string Kind => "UNPACK_LOWBIT";

    public override void Validate(Graph g)
    {
        OpChecks.InputCount(this, 1, 1);
        var output = g[Output];
        OpChecks.Type(this, output, DataType.Int8);
        LowBitCheck.Packed(this, OpChecks.Required(g, this, 0, "packed"), output, Format);
    }
}

internal static class LowBitCheck
{
    public static void Packed(Operator op, Tensor packed, Tensor values, LowBitFormat format)
    {
        format.Check(op.Kind);
        OpChecks.Type(op, packed, DataType.UInt8);
        _ = values.Quant;
        var bytes = LowBitFormat.PackedBytes(values.Shape.ElementCount, format.Bits);
        if (packed.ByteSize != bytes)
            throw OpChecks.Fail(op, $"packed tensor '{packed.Name}' has {packed.ByteSize} bytes, {values.Shape.ElementCount} values of {format.Bits} bits need {bytes}");
    }
}
