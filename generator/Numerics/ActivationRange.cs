using EdgeGen.Ir;

namespace EdgeGen.Numerics;

/// <summary>The clamp a fused activation imposes on a quantized output, intersected with the type's range.</summary>
public readonly record struct ActivationRange(int Min, int Max)
{
    /// <summary>TFLite's CalculateActivationRangeQuantized: zero_point + round(limit / scale), in float.</summary>
    public static ActivationRange For(Activation activation, Tensor output)
    {
        var (qmin, qmax) = output.Type.IntegerRange();
        var scale = output.Quant.Scale;
        var zp = output.Quant.ZeroPoint;
        int Q(float f) => zp + (int)MathF.Round(f / scale, MidpointRounding.AwayFromZero);
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
