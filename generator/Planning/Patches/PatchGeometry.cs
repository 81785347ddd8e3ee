namespace EdgeGen.Planning.Patches;

/// <summary>A half-open range [Start, End) of rows or columns.</summary>
public readonly record struct Span(int Start, int End)
{
    public int Length => End - Start;
    public bool IsEmpty => End <= Start;

    /// <summary>The smallest span covering both (an empty span covers nothing).</summary>
    public Span Hull(Span other) => IsEmpty ? other : other.IsEmpty ? this : new(Math.Min(Start, other.Start), Math.Max(End, other.End));

    public Span Clip(int size) => new(Math.Max(Start, 0), Math.Min(End, size));

    public override string ToString() => $"{Start}..{End}";
}

/// <summary>A window of an NHWC tensor: its rows and columns (batch and channels are always whole).</summary>
public readonly record struct Rect(Span Rows, Span Cols)
{
    public int Height => Rows.Length;
    public int Width => Cols.Length;
    public int Area => Height * Width;
    public bool IsEmpty => Rows.IsEmpty || Cols.IsEmpty;

    public Rect Hull(Rect other) => IsEmpty ? other : other.IsEmpty ? this : new(Rows.Hull(other.Rows), Cols.Hull(other.Cols));

    public static Rect Whole(int height, int width) => new(new Span(0, height), new Span(0, width));

    public override string ToString() => $"rows {Rows} cols {Cols}";
}

/// <summary>
/// The rows (or columns) a window of size <paramref name="Filter"/> (dilated) with stride and
/// padding-before reads for a span of outputs, and the padding a patch op needs on each side.
/// </summary>
public readonly record struct WindowAxis(int InputSize, int Filter, int Stride, int Dilation, int PadBefore)
{
    public int EffectiveFilter => (Filter - 1) * Dilation + 1;

    /// <summary>Input positions read by outputs [out.Start, out.End), before clipping to the tensor.</summary>
    public Span Reads(Span output) => new(output.Start * Stride - PadBefore, (output.End - 1) * Stride - PadBefore + EffectiveFilter);

    /// <summary>The input span the outputs need (clipped to the tensor) and the padding before and after it.</summary>
    public (Span Input, int Before, int After) Needs(Span output)
    {
        var reads = Reads(output);
        var input = reads.Clip(InputSize);
        return (input, input.Start - reads.Start, reads.End - input.End);
    }
}
