using System.Collections.Immutable;

namespace EdgeGen.Ir;

/// <summary>
/// Affine quantization: real = scale * (q - zero_point). Per tensor when there is one scale, per
/// axis (per channel) otherwise, with one scale and zero point per index of <see cref="Axis"/>.
/// </summary>
public sealed record Quantization(ImmutableArray<float> Scales, ImmutableArray<long> ZeroPoints, int Axis)
{
    public static Quantization PerTensor(float scale, long zeroPoint) =>
        new(ImmutableArray.Create(scale), ImmutableArray.Create(zeroPoint), 0);

    public bool IsPerAxis => Scales.Length > 1;
    public float Scale => Scales[0];
    public int ZeroPoint => (int)ZeroPoints[0];
    public float ScaleAt(int index) => Scales.Length == 1 ? Scales[0] : Scales[index];
    public long ZeroPointAt(int index) => ZeroPoints.Length == 1 ? ZeroPoints[0] : ZeroPoints[index];

    public override string ToString() => IsPerAxis
        ? $"per-axis[{Axis}] x{Scales.Length} scale {Scales.Min():G4}..{Scales.Max():G4}"
        : $"scale {Scale:G6} zp {ZeroPoint}";
}
