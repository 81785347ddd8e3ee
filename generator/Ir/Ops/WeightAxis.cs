namespace EdgeGen.Ir.Ops;

/// <summary>Where the output channels of a weighted operator's filter lie, and which weights belong to each.</summary>
public static class WeightAxis
{
    /// <summary>The filter axis that indexes output channels: 3 for DEPTHWISE_CONV_2D, 0 for CONV_2D, FULLY_CONNECTED and TRANSPOSE_CONV.</summary>
    public static int Of(Operator op) => op is DepthwiseConv2D ? 3 : 0;

    /// <summary>The channel of flat element <paramref name="index"/> along <paramref name="axis"/> of a row-major shape.</summary>
    public static int ChannelOf(Shape shape, int axis, int index)
    {
        var inner = 1;
        for (var d = axis + 1; d < shape.Rank; d++) inner *= shape[d];
        return index / inner % shape[axis];
    }

    /// <summary>The flat indices of each channel's elements along <paramref name="axis"/>, in order.</summary>
    public static int[][] Rows(Shape shape, int axis)
    {
        var rows = Enumerable.Range(0, shape[axis]).Select(_ => new List<int>()).ToArray();
        for (var i = 0; i < shape.ElementCount; i++) rows[ChannelOf(shape, axis, i)].Add(i);
        return rows.Select(r => r.ToArray()).ToArray();
    }
}
