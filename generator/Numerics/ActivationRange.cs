using EdgeGen.Ir;

namespace EdgeGen.Numerics;

/// <summary>The clamp a fused activation imposes on a quantized output, intersected with the type's range.</summary>
public readonly record struct ActivationRange(int Min, int Max)
{
    /// <summary>
    /// TFLite's CalculateActivationRangeQuantized: zero_point + round(limit / scale), the quotient in
    /// float. The sum is formed in double and clamped to the type's range, so a tiny scale saturates
    /// (as the clamp that follows would) instead of overflowing an int.
    /// </summary>
    public static ActivationRange For(Activation activation, Tensor output)
    {
        var (qmin, qmax) = output.Type.IntegerRange();
        var scale = output.Quant.Scale;
        var zp = output.Quant.ZeroPoint;
        int Q(float f) => (int)Math.Clamp(zp + (double)MathF.Round(f / scale, MidpointRounding.AwayFromZero), qmin, qmax);
        return activation switch
        {
            Activation.None => new(qmin, qmax),
            Activation.Relu => new(Math.Max(qmin, Q(0f)), qmax),
            Activation.Relu6 => new(Math.Max(qmin, Q(0f)), Math.Min(qmax, Q(6f))),
            Activation.ReluN1To1 => new(Math.Max(qmin, Q(-1f)), Math.Min(qmax, Q(1f))),
            _ => throw new EdgeGenException($"fused activation {activation} is not supported on quantized tensor '{output.Name}'"),
        };
    }

    /// <summary>The float clamp of a fused activation (float kernels).</summary>
    public static (float Min, float Max) ForFloat(Activation activation) => activation switch
    {
        Activation.None => (float.MinValue, float.MaxValue),
        Activation.Relu => (0f, float.MaxValue),
        Activation.Relu6 => (0f, 6f),
        Activation.ReluN1To1 => (-1f, 1f),
        _ => throw new EdgeGenException($"fused activation {activation} is not supported"),
    };
}
