using EdgeGen.Ir;
using EdgeGen.Ir.Ops;
using EdgeGen.Tests.Support;
using Xunit;

namespace EdgeGen.Tests.Reference;

/// <summary>STRIDED_SLICE index rules (TFLite's StridedSliceStartForAxis / EndForAxis) on small hand-checked cases.</summary>
public class StridedSliceTests
{
    private static Graph Slice(int[] inShape, int[] begin, int[] end, int[] strides, int[] outShape,
        int beginMask = 0, int endMask = 0, int shrinkMask = 0, bool offset = false)
    {
        var b = new UnitGraphBuilder();
        var input = b.Activation(DataType.Int16, inShape, 1f);
        var tb = b.Constant(DataType.Int32, [begin.Length], begin);
        var te = b.Constant(DataType.Int32, [end.Length], end);
        var ts = b.Constant(DataType.Int32, [strides.Length], strides);
        var output = b.Activation(DataType.Int16, outShape, 1f);
        return b.Op(new StridedSlice([input, tb, te, ts], [output], beginMask, endMask, 0, 0, shrinkMask, offset)).Build([input], [output]);
    }

    private static readonly long[] ZeroToFive = [0, 1, 2, 3, 4, 5];

    [Fact]
    public void Offset_adds_end_to_the_masked_begin()
    {
        // begin 4 is masked to 0; with the offset flag end = 2 + 0: elements 0 and 1.
        var g = Slice([6], [4], [2], [1], [2], beginMask: 1, offset: true);
        Assert.Equal(new long[] { 0, 1 }, UnitGraphBuilder.Run(g, ZeroToFive));
    }

    [Fact]
    public void Offset_adds_end_to_the_clamped_begin()
    {
        // begin -10 -> -4 -> clamped to 0; end = 3 + 0: elements 0, 1, 2.
        var g = Slice([6], [-10], [3], [1], [3], offset: true);
        Assert.Equal(new long[] { 0, 1, 2 }, UnitGraphBuilder.Run(g, ZeroToFive));
    }

    [Fact]
    public void Negative_stride_with_masks_walks_backwards()
    {
        // begin masked -> 5, end masked -> -1, stride -2: elements 5, 3, 1.
        var g = Slice([6], [0], [0], [-2], [3], beginMask: 1, endMask: 1);
        Assert.Equal(new long[] { 5, 3, 1 }, UnitGraphBuilder.Run(g, ZeroToFive));
    }

    [Fact]
    public void Shrink_takes_the_row_at_begin()
    {
        // [2,3], begin [-1,0] -> row 1, shrunk: output [3].
        var g = Slice([2, 3], [-1, 0], [0, 3], [1, 1], [3], shrinkMask: 1);
        Assert.Equal(new long[] { 3, 4, 5 }, UnitGraphBuilder.Run(g, ZeroToFive));
    }

    [Fact]
    public void Shrink_past_the_end_selects_nothing_and_is_rejected()
    {
        // begin 4 clamps to 4 = the axis size: TFLM's kernel would write nothing into the scalar output.
        var e = Assert.Throws<EdgeGenException>(() => Slice([4], [4], [5], [1], [], shrinkMask: 1));
        Assert.Contains("slice has 0 elements", e.Message);
    }
}
