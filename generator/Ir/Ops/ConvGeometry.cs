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

/// <summary>Stride, dilation and padding of a 2-D window, with the padding resolved for concrete sizes.</summary>
public sealed record Window2D(Padding Padding, int StrideH, int StrideW, int DilationH = 1, int DilationW = 1)
{
    public int OutputH(int inputH, int filterH) => ConvGeometry.OutputSize(Padding, inputH, filterH, StrideH, DilationH);
    public int OutputW(int inputW, int filterW) => ConvGeometry.OutputSize(Padding, inputW, filterW, StrideW, DilationW);
    public int PadTop(int inputH, int filterH) => ConvGeometry.PadBefore(Padding, inputH, filterH, StrideH, DilationH);
    public int PadLeft(int inputW, int filterW) => ConvGeometry.PadBefore(Padding, inputW, filterW, StrideW, DilationW);

    public void Validate(Operator op)
    {
        OpChecks.Positive(op, "stride or dilation", StrideH, StrideW, DilationH, DilationW);
    }
}
