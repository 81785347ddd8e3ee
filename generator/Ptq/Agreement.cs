using System.Globalization;

namespace EdgeGen.Ptq;

/// <summary>
/// How closely a candidate model's outputs follow a reference model's on the same inputs: top-1
/// agreement (for class scores: the share of inputs whose largest output is the same element;
/// null otherwise), mean absolute error over all elements, and the signal-to-quantization-noise
/// ratio 10·log10(Σ ref² / Σ (ref − cand)²) in dB (+∞ when equal).
/// </summary>
public sealed record Agreement(int Inputs, double? Top1, double Mae, double SqnrDb)
{
    /// <summary>Compares two lists of outputs; top-1 is measured when <paramref name="classifier"/> (the outputs are class scores).</summary>
    public static Agreement Compare(IReadOnlyList<float[]> reference, IReadOnlyList<float[]> candidate, bool classifier)
    {
        if (reference.Count != candidate.Count) throw new ArgumentException("the two output lists differ in length");
        var sameTop = 0;
        double absSum = 0, signal = 0, noise = 0;
        long elements = 0;
        for (var i = 0; i < reference.Count; i++)
        {
            var r = reference[i];
            var c = candidate[i];
            if (r.Length != c.Length) throw new ArgumentException($"output {i} has {r.Length} and {c.Length} elements");
            for (var j = 0; j < r.Length; j++)
            {
                var d = (double)r[j] - c[j];
                absSum += Math.Abs(d);
                signal += (double)r[j] * r[j];
                noise += d * d;
            }
            elements += r.Length;
            if (classifier && ArgMax(r) == ArgMax(c)) sameTop++;
        }
        var sqnr = noise == 0 ? double.PositiveInfinity : 10 * Math.Log10(signal / noise);
        return new Agreement(reference.Count, classifier ? (double)sameTop / Math.Max(reference.Count, 1) : null, elements == 0 ? 0 : absSum / elements, sqnr);
    }

    public static int ArgMax(float[] values)
    {
        var best = 0;
        for (var i = 1; i < values.Length; i++) if (values[i] > values[best]) best = i;
        return best;
    }

    public override string ToString() => string.Format(CultureInfo.InvariantCulture, "top-1 {0}  MAE {1:G4}  SQNR {2:F2} dB  ({3} inputs)",
        Top1 is { } t ? (t * 100).ToString("F1", CultureInfo.InvariantCulture) + "%" : "n/a", Mae, SqnrDb, Inputs);
}
