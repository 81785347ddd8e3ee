using System.Collections.Immutable;

namespace EdgeGen.Ir;

/// <summary>An immutable tensor shape with value equality (NHWC for images, as TFLite stores them).</summary>
public sealed class Shape : IEquatable<Shape>
{
    public ImmutableArray<int> Dims { get; }

    public Shape(IEnumerable<int> dims) => Dims = dims.ToImmutableArray();
    public Shape(params int[] dims) => Dims = dims.ToImmutableArray();

    public int Rank => Dims.Length;
    public int this[int axis] => Dims[axis < 0 ? Dims.Length + axis : axis];

    /// <summary>Element count; the importer guarantees it fits in an int for every tensor it accepts.</summary>
    public int ElementCount
    {
        get
        {
            long n = 1;
            foreach (var d in Dims) n *= d;
            return checked((int)n);
        }
    }

    /// <summary>Row-major strides in elements: the step of each dimension's index in the flat array.</summary>
    public int[] Strides()
    {
        var strides = new int[Rank];
        var stride = 1;
        for (var d = Rank - 1; d >= 0; d--) { strides[d] = stride; stride *= Dims[d]; }
        return strides;
    }

    /// <summary>
    /// Strides of this shape aligned to the right in <paramref name="rank"/> dimensions for
    /// broadcasting (numpy rules): 0 where the shape has size 1 or no dimension.
    /// </summary>
    public int[] BroadcastStrides(int rank)
    {
        var strides = new int[rank];
        var stride = 1;
        for (var d = rank - 1; d >= 0; d--)
        {
            var src = d - (rank - Rank);
            var dim = src >= 0 ? Dims[src] : 1;
            strides[d] = dim == 1 ? 0 : stride;
            stride *= dim;
        }
        return strides;
    }

    public bool Equals(Shape? other) => other is not null && Dims.SequenceEqual(other.Dims);
    public override bool Equals(object? obj) => Equals(obj as Shape);
    public override int GetHashCode() => Dims.Aggregate(17, (h, d) => h * 31 + d);
    public override string ToString() => "[" + string.Join(",", Dims) + "]";
}
