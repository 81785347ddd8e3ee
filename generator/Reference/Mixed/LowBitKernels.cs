using EdgeGen.Ir;
using EdgeGen.Ir.Ops;

namespace EdgeGen.Reference.Mixed;

/// <summary>PACK_LOWBIT: each int8 value encoded per its format, the codes packed least significant bits first.</summary>
public sealed class PackLowBitKernel : ReferenceKernel<PackLowBit>
{
    protected override void Run(PackLowBit op, TensorStore store) =>
        LowBitPacking.Pack(store.Int8(op.Inputs[0]), store.UInt8(op.Output), op.Format, store.Graph[op.Inputs[0]].Quant.ZeroPoint);
}

/// <summary>UNPACK_LOWBIT: each packed code decoded back to the int8 value consumers read.</summary>
public sealed class UnpackLowBitKernel : ReferenceKernel<UnpackLowBit>
{
    protected override void Run(UnpackLowBit op, TensorStore store) =>
        LowBitPacking.Unpack(store.UInt8(op.Inputs[0]), store.Int8(op.Output), op.Format, store.Graph[op.Output].Quant.ZeroPoint);
}

/// <summary>The packed layout of <see cref="LowBitFormat"/>: value i at bit i*Bits, least significant first.</summary>
public static class LowBitPacking
{
    public static void Pack(ReadOnlySpan<sbyte> values, Span<byte> packed, LowBitFormat format, int zeroPoint)
    {
        packed.Clear();
        for (var i = 0; i < values.Length; i++)
        {
            var bit = i * format.Bits;
            packed[bit >> 3] |= (byte)(format.Encode(values[i], zeroPoint) << (bit & 7));
        }
    }

    public static void Unpack(ReadOnlySpan<byte> packed, Span<sbyte> values, LowBitFormat format, int zeroPoint)
    {
        var mask = (1 << format.Bits) - 1;
        for (var i = 0; i < values.Length; i++)
        {
            var bit = i * format.Bits;
            values[i] = (sbyte)format.Decode((packed[bit >> 3] >> (bit & 7)) & mask, zeroPoint);
        }
    }
}
