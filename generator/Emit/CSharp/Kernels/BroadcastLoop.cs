using EdgeGen.Ir;
using EdgeGen.Reference.Kernels;

namespace EdgeGen.Emit.CSharp.Kernels;

/// <summary>
/// C# loops over the elements of a binary operator's output with the flat index of each operand:
/// one flat loop when the shapes match, nested loops with zero strides where an operand broadcasts
/// (the strides are the reference interpreter's).
/// </summary>
internal sealed record BroadcastLoop(string Open, string Close, string IndexA, string IndexB, string IndexOut)
{
    public static BroadcastLoop For(Shape a, Shape b, Shape output)
    {
        if (a.Equals(output) && b.Equals(output))
            return new($"for (int i = 0; i < {output.ElementCount}; ++i)\n{{", "}", "i", "i", "i");
        var rank = output.Rank;
        var open = string.Join("\n", Enumerable.Range(0, rank).Select(d => $"for (int d{d} = 0; d{d} < {output[d]}; ++d{d})")) + "\n{";
        return new(open, "}", Index(a.BroadcastStrides(rank)), Index(b.BroadcastStrides(rank)), Index(output.BroadcastStrides(rank)));
    }

    private static string Index(int[] strides) =>
        string.Join(" + ", strides.Select((s, d) => (s, d)).Where(x => x.s != 0).Select(x => $"d{x.d} * {x.s}").DefaultIfEmpty("0"));
}
