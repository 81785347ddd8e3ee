namespace EdgeGen.Numerics;

/// <summary>A real multiplier as TFLite stores it: a Q31 mantissa in [2^30, 2^31) and a power-of-two shift.</summary>
public readonly record struct QuantizedMultiplier(int Multiplier, int Shift)
{
    /// <summary>
    /// TFLite's QuantizeMultiplier: frexp, round the mantissa to Q31 (half away from zero), carry a
    /// mantissa of exactly 2^31 into the exponent, flush below 2^-31 to zero, cap shifts above 30.
    /// </summary>
    public static QuantizedMultiplier FromDouble(double real)
    {
        if (real == 0) return new(0, 0);
        var (fraction, exponent) = Frexp(real);
        var q = (long)Math.Round(fraction * (1L << 31), MidpointRounding.AwayFromZero);
        if (q == 1L << 31)
        {
            q /= 2;
            exponent++;
        }
        if (exponent < -31) return new(0, 0);
        if (exponent > 30) return new(int.MaxValue, 30);
        return new((int)q, exponent);
    }

    /// <summary>TFLite's QuantizeMultiplierSmallerThanOneExp: the same, for multipliers below one (shift &lt;= 0).</summary>
    public static QuantizedMultiplier SmallerThanOne(double real)
    {
        if (!(real > 0 && real < 1)) throw new EdgeGenException($"internal: multiplier {real} is not in (0, 1)");
        return FromDouble(real);
    }

    /// <summary>TFLite's QuantizeMultiplierGreaterThanOne: a multiplier above one (shift &gt;= 0).</summary>
    public static QuantizedMultiplier GreaterThanOne(double real)
    {
        if (!(real > 1)) throw new EdgeGenException($"internal: multiplier {real} is not above 1");
        return FromDouble(real);
    }

    /// <summary>C's frexp: real = fraction * 2^exponent with |fraction| in [0.5, 1).</summary>
    public static (double Fraction, int Exponent) Frexp(double value)
    {
        if (value == 0 || double.IsNaN(value) || double.IsInfinity(value)) return (value, 0);
        var exponent = Math.ILogB(value) + 1;
        var fraction = Math.ScaleB(value, -exponent);
        return (fraction, exponent);
    }

    public double ToDouble() => Multiplier / (double)(1L << 31) * Math.Pow(2, Shift);
}
