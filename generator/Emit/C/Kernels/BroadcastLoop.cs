using EdgeGen.Ir;

namespace EdgeGen.Emit.C.Kernels;

/// <summary>
/// C loops over the elements of a binary operator's output with the flat index of each operand:
/// one flat loop when the shapes match, nested loops with zero strides where an operand broadcasts.
/// </summary>
internal sealed record BroadcastLoop(string Open, string Close, string IndexA, string IndexB, string IndexOut)
{
    public static BroadcastLoop For(Shape a, Shape b, Shape output)
    {
        if (a.Equals(output) && b.Equals(output))
            return new("    int i;\n    for (i = 0; i < " + output.ElementCount + "; ++i) {", "    }", "i", "i", "i");
        var rank = output.Rank;
        var vars = Enumerable.Range(0, rank).Select(d => $"d{d}").ToArray();
        var open = "    int " + string.Join(", ", vars) + ";\n"
            + string.Join("\n", Enumerable.Range(0, rank).Select(d => $"    for (d{d} = 0; d{d} < {output[d]}; ++d{d})")) + " {";
        return new(open, "    }", Index(Strides(a, rank)), Index(Strides(b, rank)), Index(Strides(output, rank)));
    }

    private static string Index(int[] strides) =>
        string.Join(" + ", strides.Select((s, d) => (s, d)).Where(x => x.s != 0).Select(x => $"d{x.d} * {x.s}").DefaultIfEmpty("0"));

    /// <summary>Strides of a shape right-aligned in <paramref name="rank"/> dimensions; 0 where it broadcasts.</summary>
    private static int[] Strides(Shape s, int rank)
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
