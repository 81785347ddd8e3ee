using EdgeGen.Ir;
using EdgeGen.Ptq;
using Xunit;

namespace EdgeGen.Tests.Ptq;

/// <summary>The three ternarizers on weights small enough to work out by hand.</summary>
public class TernarizerTests
{
    private static readonly float[] Row = [0.1f, -0.5f, 0.9f, 0.05f, -1.0f];

    [Fact]
    public void Twn_thresholds_at_seven_tenths_of_the_mean_magnitude()
    {
        // mean|w| = 0.51, Δ = 0.357: -0.5, 0.9 and -1.0 pass; α = (0.5 + 0.9 + 1.0) / 3 = 0.8.
        var t = Ternarizer.Ternarize(Row, new Shape(1, 5), 0, TernaryMethod.Twn);
        Assert.Equal(new sbyte[] { 0, -1, 1, 0, -1 }, t.Values);
        Assert.Equal(0.8f, t.Scales[0], 6);
    }

    [Fact]
    public void Absmean_rounds_w_over_the_mean_magnitude_and_clips()
    {
        // γ = 0.51; w / γ = 0.20, -0.98, 1.76, 0.10, -1.96 -> 0, -1, 2 -> 1, 0, -2 -> -1.
        var t = Ternarizer.Ternarize(Row, new Shape(1, 5), 0, TernaryMethod.AbsMean);
        Assert.Equal(new sbyte[] { 0, -1, 1, 0, -1 }, t.Values);
        Assert.Equal(0.51f, t.Scales[0], 6);
    }

    [Fact]
    public void Trit_planes_recover_a_layer_that_is_exactly_two_planes()
    {
        // Channel 0 = 0.3*T1 + 0.1*T2 (every pair), channel 1 = 0.5*T1 + 0.2*T2 (ratio 5:2).
        float[] w = [-0.4f, -0.3f, -0.2f, -0.1f, 0f, 0.1f, 0.2f, 0.3f, 0.4f, 0.7f, -0.3f, 0.5f, 0.2f, 0f, -0.7f, 0.3f, -0.2f, -0.5f];
        var t = Ternarizer.Ternarize(w, new Shape(2, 9), 0, TernaryMethod.TritPlanes);
        for (var i = 0; i < w.Length; i++) Assert.Equal(w[i], t.Values[i] * t.Scales[i / 9], 5);
        Assert.Equal(new sbyte[] { -4, -3, -2, -1, 0, 1, 2, 3, 4 }, t.Values[..9]);
        Assert.Equal(new sbyte[] { 7, -3, 5, 2, 0, -7, 3, -2, -5 }, t.Values[9..]);
    }

    [Fact]
    public void Trit_planes_never_fit_worse_than_twn()
    {
        var rng = new EdgeGen.Examples.XorShift32(5);
        var w = Enumerable.Range(0, 8 * 27).Select(_ => rng.NextSignedUnit() * rng.NextSignedUnit()).ToArray();
        var shape = new Shape(8, 3, 3, 3);
        double Error(TernaryWeights t) => w.Select((v, i) => Math.Pow(v - t.Values[i] * t.Scales[i / 27], 2)).Sum();
        Assert.True(Error(Ternarizer.Ternarize(w, shape, 0, TernaryMethod.TritPlanes)) < 0.5 * Error(Ternarizer.Ternarize(w, shape, 0, TernaryMethod.Twn)));
    }

    [Theory]
    [InlineData(2.5, 5, 2)]
    [InlineData(3.0, 3, 1)]
    [InlineData(1.0, 1, 1)]
    [InlineData(1000.0, 126, 1)]
    public void Integer_ratio_is_the_closest_small_fraction(double ratio, int q1, int q2) =>
        Assert.Equal((q1, q2), Ternarizer.IntegerRatio(ratio));

    [Theory]
    [InlineData(TernaryMethod.Twn)]
    [InlineData(TernaryMethod.AbsMean)]
    [InlineData(TernaryMethod.TritPlanes)]
    public void An_all_zero_channel_gets_the_mean_scale_of_the_others(TernaryMethod method)
    {
        float[] w = [0.5f, -0.5f, 0f, 0f, 0f, 0f, 0.3f, 0.3f, -0.3f];
        var t = Ternarizer.Ternarize(w, new Shape(3, 3), 0, method);
        Assert.Equal(new sbyte[3], t.Values[3..6]);
        Assert.Equal((t.Scales[0] + t.Scales[2]) / 2, t.Scales[1], 6);
    }

    [Fact]
    public void Unknown_method_names_are_refused() =>
        Assert.Contains("twn, absmean or trit-planes", Assert.Throws<EdgeGenException>(() => Ternarizer.Parse("binary")).Message);
}
