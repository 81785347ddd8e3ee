using EdgeGen.Ir;
using EdgeGen.Ir.Ops;

namespace EdgeGen.Reference.Kernels;

/// <summary>
/// PAD / PADV2: constant padding with the given value (PADV2), else as TFLite Micro pads: int8 with
/// the output zero point, int16 and float with 0 (TFLM does not use the int16 zero point).
/// </summary>
public sealed class PadKernel : ReferenceKernel<Pad>
{
    protected override void Run(Pad op, TensorStore s)
    {
        var g = s.Graph;
        var input = g[op.Inputs[0]];
        var output = g[op.Output];
        var pads = op.Paddings(g);
        var size = input.Type.SizeInBytes();
        var fill = new byte[size];
        if (op.HasInput(2)) g[op.Inputs[2]].Data!.AsSpan(0, size).CopyTo(fill);
        else if (output.Type == DataType.Int8) fill[0] = unchecked((byte)output.Quant.ZeroPoint);
        var dst = s.Bytes(output.Id);
        for (var i = 0; i < dst.Length; i += size) fill.CopyTo(dst, i);

        var src = s.Bytes(input.Id);
        var rank = input.Shape.Rank;
        var outStrides = output.Shape.Strides();
        var index = new int[rank];
        for (var e = 0; e < input.Shape.ElementCount; e++)
        {
            var o = 0;
            for (var d = 0; d < rank; d++) o += (index[d] + pads[d].Before) * outStrides[d];
            Array.Copy(src, e * size, dst, o * size, size);
            for (var d = rank - 1; d >= 0; d--)
            {
                if (++index[d] < input.Shape[d]) break;
                index[d] = 0;
            }
        }
    }
}
