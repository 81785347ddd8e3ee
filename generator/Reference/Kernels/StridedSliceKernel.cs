using EdgeGen.Ir;
using EdgeGen.Ir.Ops;

namespace EdgeGen.Reference.Kernels;

/// <summary>
/// STRIDED_SLICE: copies the elements the resolved per-axis ranges select, in row-major order.
/// Element bytes are copied unchanged (input and output share their quantization), so one loop
/// serves every element type.
/// </summary>
public sealed class StridedSliceKernel : ReferenceKernel<StridedSlice>
{
    protected override void Run(StridedSlice op, TensorStore s)
    {
        var g = s.Graph;
        var input = g[op.Inputs[0]];
        var ranges = op.Ranges(g);
        var size = input.Type.SizeInBytes();
        var strides = input.Shape.Strides();
        var src = s.Bytes(input.Id);
        var dst = s.Bytes(op.Output);
        var count = ranges.Aggregate(1L, (n, r) => n * r.Count);
        var index = new int[ranges.Length];
        for (var o = 0L; o < count; o++)
        {
            var offset = 0;
            for (var d = 0; d < ranges.Length; d++) offset += (ranges[d].Start + index[d] * ranges[d].Stride) * strides[d];
            Array.Copy(src, offset * size, dst, o * size, size);
            for (var d = ranges.Length - 1; d >= 0; d--)
            {
                if (++index[d] < ranges[d].Count) break;
                index[d] = 0;
            }
        }
    }
}
