using EdgeGen.Ir;
using EdgeGen.Ir.Ops;

namespace EdgeGen.Planning.Mixed;

/// <summary>
/// The values an int8 feature map takes on the calibration inputs, as a histogram of q, and what a
/// low-bit format keeps of them: the Shannon entropy of the stored codes (the accuracy proxy of
/// QuantMCU's search) and the squared error of the values consumers read back.
/// </summary>
public sealed class FeatureMapStats(int zeroPoint)
{
    private readonly long[] _counts = new long[256];

    public int ZeroPoint => zeroPoint;
    public long Total { get; private set; }

    public void Add(ReadOnlySpan<sbyte> values)
    {
        foreach (var q in values) _counts[q + 128]++;
        Total += values.Length;
    }

    /// <summary>Entropy in bits of the int8 values.</summary>
    public double Entropy8() => Entropy(_counts);

    /// <summary>Entropy in bits of the codes the format stores.</summary>
    public double Entropy(LowBitFormat format)
    {
        var codes = new long[1 << format.Bits];
        for (var q = -128; q < 128; q++) codes[format.Encode(q, zeroPoint)] += _counts[q + 128];
        return Entropy(codes);
    }

    /// <summary>Mean squared error (in q units) of the values read back through the format.</summary>
    public double SquaredError(LowBitFormat format)
    {
        double sum = 0;
        for (var q = -128; q < 128; q++)
        {
            var e = format.Decode(format.Encode(q, zeroPoint), zeroPoint) - q;
            sum += (double)e * e * _counts[q + 128];
        }
        return Total == 0 ? 0 : sum / Total;
    }

    /// <summary>
    /// The format of <paramref name="bits"/> bits that reads the calibration values back with the least
    /// squared error: every step 2^shift and every placement of the codes around the zero point.
    /// </summary>
    public LowBitFormat BestFormat(int bits)
    {
        LowBitFormat? best = null;
        var bestError = double.MaxValue;
        var codes = 1 << bits;
        for (var shift = 0; shift <= 8; shift++)
            for (var codeMin = -(codes - 1); codeMin <= 0; codeMin++)
            {
                var f = new LowBitFormat(bits, shift, codeMin);
                var e = SquaredError(f);
                if (e < bestError - 1e-12) (best, bestError) = (f, e);
            }
        return best!;
    }

    private double Entropy(long[] counts)
    {
        if (Total == 0) return 0;
        double h = 0;
        foreach (var c in counts)
            if (c > 0)
            {
                var p = (double)c / Total;
                h -= p * Math.Log2(p);
            }
        return h;
    }
}
