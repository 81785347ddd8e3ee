using EdgeGen.Ir;
using EdgeGen.Ir.Ops;
using EdgeGen.Numerics.Params;

namespace EdgeGen.Reference.Kernels;

/// <summary>
/// MEAN: sums every input element into the output slot of its non-reduced coordinates (int32 for
/// int8/int16, float for float), then TFLite Micro's path for the quantized types (see
/// <see cref="MeanParams"/>) or sum / count for float.
/// </summary>
public sealed class MeanKernel : ReferenceKernel<Mean>
{
    protected override void Run(Mean op, TensorStore s)
    {
        var g = s.Graph;
        var input = g[op.Inputs[0]];
        var output = g[op.Output];
        var (slots, count) = OutputSlots(input.Shape, op.Slots(g));
        var outputs = output.Shape.ElementCount;
        if (input.Type == DataType.Float32)
        {
            var x = s.Float32(input.Id);
            var sums = new float[outputs];
            for (var i = 0; i < slots.Length; i++) sums[slots[i]] += x[i];
            var y = s.Float32(output.Id);
            for (var o = 0; o < outputs; o++) y[o] = sums[o] / count;
            return;
        }
        var p = MeanParams.For(op, g);
        var total = new int[outputs];
        for (var i = 0; i < slots.Length; i++) total[slots[i]] = unchecked(total[slots[i]] + (int)s.ReadInteger(input.Id, i));
        for (var o = 0; o < outputs; o++) s.WriteInteger(output.Id, o, p.Apply(total[o], count));
    }

    /// <summary>For every input element the flat index of its output (row-major over the kept axes), and the elements per output.</summary>
    private static (int[] Slots, int Count) OutputSlots(Shape shape, (int[] SlotStrides, int Count) layout)
    {
        var rank = shape.Rank;
        var (outStride, count) = layout;
        var slots = new int[shape.ElementCount];
        var index = new int[rank];
        for (var i = 0; i < slots.Length; i++)
        {
            for (var d = 0; d < rank; d++) slots[i] += index[d] * outStride[d];
            for (var d = rank - 1; d >= 0; d--)
            {
                if (++index[d] < shape[d]) break;
                index[d] = 0;
            }
        }
        return (slots, count);
    }
}
