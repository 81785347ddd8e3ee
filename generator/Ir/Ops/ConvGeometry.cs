namespace EdgeGen.Ir.Ops;

/// <summary>
/// TFLite's output size and padding rules for windowed operators (convolutions and pools).
/// SAME pads so that out = ceil(in / stride); the odd pixel of padding goes after (bottom/right).
/// </summary>
public static class ConvGeometry
{
    public static int OutputSize(Padding padding, int input, int filter, int stride, int dilation)
    {
        var effectiveFilter = (filter - 1) * dilation + 1;
        return padding == Padding.Same
            ? (input + stride - 1) / stride
            : (input - effectiveFilter + stride) / stride;
    }

    /// <summary>Padding before (top/left) the first input element; TFLite's ComputePaddingWithOffset.</summary>
    public static int PadBefore(int input, int filter, int stride, int dilation, int output)
    {
        var effectiveFilter = (filter - 1) * dilation + 1;
        var total = Math.Max((output - 1) * stride + effectiveFilter - input, 0);
        return total / 2;
    }

    public static int PadBefore(Padding padding, int input, int filter, int stride, int dilation) =>
        PadBefore(input, filter, stride, dilation, OutputSize(padding, input, filter, stride, dilation));
}

/// <summary>
/// Padding given per side instead of derived from SAME/VALID: what a patch of a larger tensor
/// needs (only the borders of the whole tensor are padded). Out-of-range reads are skipped or
/// count as the zero point, exactly as for SAME padding, so Bottom/Right only fix the output size.
/// </summary>
public sealed record ExplicitPadding(int Top, int Left, int Bottom, int Right)
{
    public bool IsZero => Top == 0 && Left == 0 && Bottom == 0 && Right == 0;
    public override string ToString() => $"t{Top} l{Left} b{Bottom} r{Right}";
}

/// <summary>
/// Stride, dilation and padding of a 2-D window, with the padding resolved for concrete sizes.
/// <see cref="Explicit"/>, when set, overrides SAME/VALID (patch-based inference sets it).
/// </summary>
public sealed record Window2D(Padding Padding, int StrideH, int StrideW, int DilationH = 1, int DilationW = 1)
{
    public ExplicitPadding? Explicit { get; init; }

    public int OutputH(int inputH, int filterH) => Explicit is { } e
        ? ExplicitOutput(inputH + e.Top + e.Bottom, filterH, StrideH, DilationH)
        : ConvGeometry.OutputSize(Padding, inputH, filterH, StrideH, DilationH);

    public int OutputW(int inputW, int filterW) => Explicit is { } e
        ? ExplicitOutput(inputW + e.Left + e.Right, filterW, StrideW, DilationW)
        : ConvGeometry.OutputSize(Padding, inputW, filterW, StrideW, DilationW);

    public int PadTop(int inputH, int filterH) => Explicit?.Top ?? ConvGeometry.PadBefore(Padding, inputH, filterH, StrideH, DilationH);
    public int PadLeft(int inputW, int filterW) => Explicit?.Left ?? ConvGeometry.PadBefore(Padding, inputW, filterW, StrideW, DilationW);

    /// <summary>Padding before the first row/column for concrete input and output sizes (what every kernel loops with).</summary>
    public (int Top, int Left) PadBefore(Shape input, int filterH, int filterW, Shape output) => Explicit is { } e
        ? (e.Top, e.Left)
        : (ConvGeometry.PadBefore(input[1], filterH, StrideH, DilationH, output[1]), ConvGeometry.PadBefore(input[2], filterW, StrideW, DilationW, output[2]));

    public void Validate(Operator op)
    {
        OpChecks.Positive(op, "stride or dilation", StrideH, StrideW, DilationH, DilationW);
        if (Explicit is { } e && (e.Top < 0 || e.Left < 0 || e.Bottom < 0 || e.Right < 0))
            throw OpChecks.Fail(op, $"has negative explicit padding ({e})");
    }

    private static int ExplicitOutput(int padded, int filter, int stride, int dilation) =>
        ConvGeometry.OutputSize(Padding.Valid, padded, filter, stride, dilation);
}
