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

    public bool Equals(Shape? other) => other is not null && Dims.SequenceEqual(other.Dims);
    public override bool Equals(object? obj) => Equals(obj as Shape);
    public override int GetHashCode() => Dims.Aggregate(17, (h, d) => h * 31 + d);
    public override string ToString() => "[" + string.Join(",", Dims) + "]";
}
