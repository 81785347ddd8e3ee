using EdgeGen.Ir;

namespace EdgeGen.Reference.Kernels;

/// <summary>Maps each element of a broadcast output to the flat indices of its two inputs (numpy rules).</summary>
public static class Broadcast
{
    public static IEnumerable<(int Out, int A, int B)> Indices(Shape a, Shape b, Shape output)
    {
        var rank = output.Rank;
        var strideA = a.BroadcastStrides(rank);
        var strideB = b.BroadcastStrides(rank);
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
}
