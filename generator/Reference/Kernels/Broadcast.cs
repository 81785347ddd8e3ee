using EdgeGen.Ir;

namespace EdgeGen.Reference.Kernels;

/// <summary>Maps each element of a broadcast output to the flat indices of its two inputs (numpy rules).</summary>
public static class Broadcast
{
    public static IEnumerable<(int Out, int A, int B)> Indices(Shape a, Shape b, Shape output)
    {
        var rank = output.Rank;
        var strideA = Strides(a, rank);
        var strideB = Strides(b, rank);
        var index = new int[rank];
        for (var o = 0; o < output.ElementCount; o++)
        {
            int ia = 0, ib = 0;
            for (var d = 0; d < rank; d++) { ia += index[d] * strideA[d]; ib += index[d] * strideB[d]; }
            yield return (o, ia, ib);
            for (var d = rank - 1; d >= 0; d--)
            {
                if (++index[d] < output[d]) break;
                index[d] = 0;
            }
        }
    }

    /// <summary>Strides of a shape aligned to the right in <paramref name="rank"/> dimensions; 0 where it broadcasts.</summary>
    public static int[] Strides(Shape s, int rank)
    {
        var strides = new int[rank];
        var stride = 1;
        for (var d = rank - 1; d >= 0; d--)
        {
            var src = d - (rank - s.Rank);
            var dim = src >= 0 ? s.Dims[src] : 1;
            strides[d] = dim == 1 ? 0 : stride;
            stride *= dim;
        }
        return strides;
    }
}
