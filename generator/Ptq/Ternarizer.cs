using EdgeGen.Ir;
using EdgeGen.Ir.Ops;

namespace EdgeGen.Ptq;

public enum TernaryMethod { Twn, AbsMean, TritPlanes }

/// <summary>
/// Ternary weights of one layer as int8 values with one scale per output channel: the real weight
/// is Values[i] * Scales[channel(i)]. Single-plane methods store trits ({-1, 0, 1}, q = 1) with the
/// channel's scale alpha; trit planes store q1*t1 + q2*t2 with per-channel integers q1 ≥ q2 ≥ 1.
/// </summary>
public sealed record TernaryWeights(sbyte[] Values, float[] Scales);

/// <summary>
/// Post-training ternarization of float weights, per output channel. Every method works in
/// double on the float32 weights, without library transcendentals, so the result is the same on
/// every platform.
/// <list type="bullet">
/// <item>TWN (Li and Liu, Ternary Weight Networks): threshold Δ = 0.7·mean|w|, t = sign(w) where
/// |w| &gt; Δ, scale α = mean |w| over those weights.</item>
/// <item>absmean (BitNet b1.58): γ = mean|w|, t = clip(round(w / γ), -1, 1) (half to even, as
/// torch.round), scale γ. BitNet uses one γ per matrix; here it is per output channel, like the
/// other methods and the per-channel int8 scales.</item>
/// <item>trit planes (PTQTP-style): w ≈ α1·T1 + α2·T2, fitted progressively (TWN of w, then TWN of
/// the residual) and refined by alternating least squares for (α1, α2) with an exhaustive choice
/// of (t1, t2) among the nine pairs per weight. The pair is then stored as int8 q1·t1 + q2·t2 with
/// the integers q1 ≥ q2 ≥ 1, q1 + q2 ≤ 127 closest in ratio to α1 / α2, and one channel scale
/// refitted by least squares (a few rounds of nearest-level assignment and refit).</item>
/// </list>
/// A channel whose weights all become zero gets the mean scale of the layer's other channels (any
/// positive scale is exact for zeros; a typical one keeps the bias's int32 scale in range).
/// </summary>
public static class Ternarizer
{
    public const double TwnThreshold = 0.7;
    public const int RefineIterations = 20;

    public static string Name(TernaryMethod method) => method switch
    {
        TernaryMethod.Twn => "twn",
        TernaryMethod.AbsMean => "absmean",
        TernaryMethod.TritPlanes => "trit-planes",
        _ => throw new ArgumentOutOfRangeException(nameof(method)),
    };

    public static TernaryMethod Parse(string name) => Enum.GetValues<TernaryMethod>().FirstOrDefault(m => Name(m) == name, (TernaryMethod)(-1)) is var m && Enum.IsDefined(m)
        ? m
        : throw new EdgeGenException($"unknown ternarization method '{name}' (use twn, absmean or trit-planes)");

    public static TernaryWeights Ternarize(float[] weights, Shape shape, int axis, TernaryMethod method)
    {
        var rows = WeightAxis.Rows(shape, axis);
        var values = new sbyte[weights.Length];
        var scales = new double[rows.Length];
        for (var c = 0; c < rows.Length; c++)
        {
            var w = rows[c].Select(i => (double)weights[i]).ToArray();
            var (q, scale) = method switch
            {
                TernaryMethod.Twn => Twn(w),
                TernaryMethod.AbsMean => AbsMean(w),
                TernaryMethod.TritPlanes => TritPlanes(w),
                _ => throw new ArgumentOutOfRangeException(nameof(method)),
            };
            for (var k = 0; k < q.Length; k++) values[rows[c][k]] = q[k];
            scales[c] = q.Any(v => v != 0) ? scale : 0;
        }
        var used = scales.Where(s => s > 0).ToArray();
        var fallback = used.Length > 0 ? used.Average() : 1.0;
        return new TernaryWeights(values, scales.Select(s => (float)(s > 0 ? s : fallback)).ToArray());
    }

    /// <summary>TWN of one channel: trits and α (0 when nothing passes the threshold).</summary>
    public static (sbyte[] Trits, double Alpha) Twn(double[] w)
    {
        var delta = TwnThreshold * MeanAbs(w);
        var trits = w.Select(v => (sbyte)(Math.Abs(v) > delta ? Math.Sign(v) : 0)).ToArray();
        var kept = w.Where((_, i) => trits[i] != 0).Select(Math.Abs).ToArray();
        return (trits, kept.Length > 0 ? kept.Average() : 0);
    }

    private static (sbyte[], double) AbsMean(double[] w)
    {
        var gamma = MeanAbs(w);
        if (gamma == 0) return (new sbyte[w.Length], 0);
        return (w.Select(v => (sbyte)Math.Clamp(Math.Round(v / gamma, MidpointRounding.ToEven), -1, 1)).ToArray(), gamma);
    }

    private static (sbyte[], double) TritPlanes(double[] w)
    {
        var (t1, a1) = Twn(w);
        var (t2, a2) = Twn(w.Select((v, i) => v - a1 * t1[i]).ToArray());
        for (var iteration = 0; iteration < RefineIterations; iteration++)
        {
            (a1, a2) = LeastSquares(w, t1, t2, a1, a2);
            if (!AssignPairs(w, a1, a2, t1, t2)) break;
        }
        (a1, a2) = LeastSquares(w, t1, t2, a1, a2);
        if (a1 < 0) { a1 = -a1; Negate(t1); }
        if (a2 < 0) { a2 = -a2; Negate(t2); }
        if (a2 > a1) { (a1, a2, t1, t2) = (a2, a1, t2, t1); }
        if (a1 == 0) return (new sbyte[w.Length], 0);
        if (a2 == 0 || t2.All(t => t == 0)) return (t1, a1);

        var (q1, q2) = IntegerRatio(a1 / a2);
        var levels = Levels(q1, q2);
        var values = t1.Select((t, i) => (sbyte)(q1 * t + q2 * t2[i])).ToArray();
        var scale = FitScale(w, values);
        for (var round = 0; round < 3 && scale > 0; round++)
        {
            var s = scale;
            values = w.Select(v => levels.MinBy(l => Math.Abs(v - s * l))).ToArray();
            scale = FitScale(w, values);
        }
        return scale > 0 ? (values, scale) : (new sbyte[w.Length], 0);
    }

    /// <summary>Integers q1 ≥ q2 ≥ 1 with q1 + q2 ≤ 127 whose ratio is closest to <paramref name="ratio"/> (≥ 1); ties to the smaller q2.</summary>
    public static (int Q1, int Q2) IntegerRatio(double ratio)
    {
        var best = (Q1: 126, Q2: 1);
        var bestError = double.MaxValue;
        for (var q2 = 1; q2 <= 63; q2++)
        {
            var q1 = (int)Math.Clamp(Math.Round(ratio * q2, MidpointRounding.AwayFromZero), q2, 127 - q2);
            var error = Math.Abs((double)q1 / q2 - ratio);
            if (error < bestError - 1e-12) (best, bestError) = ((q1, q2), error);
        }
        return best;
    }

    /// <summary>The nine values q1·t1 + q2·t2, smallest magnitude first (so ties go to the sparser value).</summary>
    private static sbyte[] Levels(int q1, int q2) =>
        (from t1 in new[] { -1, 0, 1 } from t2 in new[] { -1, 0, 1 } select (sbyte)(q1 * t1 + q2 * t2))
            .Distinct().OrderBy(v => Math.Abs(v)).ThenBy(v => v).ToArray();

    /// <summary>(α1, α2) minimizing Σ (w − α1 t1 − α2 t2)²; a singular system keeps the previous values.</summary>
    private static (double, double) LeastSquares(double[] w, sbyte[] t1, sbyte[] t2, double a1, double a2)
    {
        double s11 = 0, s12 = 0, s22 = 0, b1 = 0, b2 = 0;
        for (var i = 0; i < w.Length; i++)
        {
            s11 += t1[i] * t1[i]; s12 += t1[i] * t2[i]; s22 += t2[i] * t2[i];
            b1 += t1[i] * w[i]; b2 += t2[i] * w[i];
        }
        var det = s11 * s22 - s12 * s12;
        if (det > 1e-9) return ((b1 * s22 - b2 * s12) / det, (s11 * b2 - s12 * b1) / det);
        if (s11 > 0 && s22 == 0) return (b1 / s11, 0);
        if (s22 > 0 && s11 == 0) return (0, b2 / s22);
        return (a1, a2);
    }

    /// <summary>Chooses for every weight the trit pair closest to it; returns whether anything changed.</summary>
    private static bool AssignPairs(double[] w, double a1, double a2, sbyte[] t1, sbyte[] t2)
    {
        var changed = false;
        for (var i = 0; i < w.Length; i++)
        {
            var (best1, best2, bestError) = ((sbyte)0, (sbyte)0, Math.Abs(w[i]));
            for (sbyte x = -1; x <= 1; x++)
            for (sbyte y = -1; y <= 1; y++)
            {
                var error = Math.Abs(w[i] - a1 * x - a2 * y);
                if (error < bestError - 1e-15) (best1, best2, bestError) = (x, y, error);
            }
            changed |= best1 != t1[i] || best2 != t2[i];
            (t1[i], t2[i]) = (best1, best2);
        }
        return changed;
    }

    private static double FitScale(double[] w, sbyte[] values)
    {
        double num = 0, den = 0;
        for (var i = 0; i < w.Length; i++) { num += w[i] * values[i]; den += values[i] * values[i]; }
        return den > 0 && num > 0 ? num / den : 0;
    }

    private static void Negate(sbyte[] t)
    {
        for (var i = 0; i < t.Length; i++) t[i] = (sbyte)-t[i];
    }

    private static double MeanAbs(double[] w) => w.Length == 0 ? 0 : w.Average(Math.Abs);
}
