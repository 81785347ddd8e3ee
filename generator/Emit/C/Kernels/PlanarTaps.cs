namespace EdgeGen.Emit.C.Kernels;

/// <summary>One multiply-accumulate of a planar depthwise block: acc[Output] += lanes of input word Word and weight word Weight.</summary>
internal sealed record PlanarMac(int Output, int Word, string Instruction, int Weight);

/// <summary>
/// How a block of <see cref="Outputs"/> adjacent output pixels of one channel meets one filter row, decided at
/// generation time. Inputs come as aligned words of two adjacent int16 columns (the block starts at an even column);
/// weights as words P_k = [w_k, w_k+1] (bottom, top lane), or [w_0, 0] for a one-tap row. Two taps that fall in the
/// same input word (dilation 1, even column) are one SMLAD with P_k; any other tap is one halfword multiply picking
/// its input lane and a weight lane that holds it (w_k is the bottom of P_k and, for the last tap, the top of P_k-1).
/// With stride 1 the outputs of a block share input words: four outputs of a 3-wide row read three words.
/// </summary>
internal sealed record PlanarTaps(int Outputs, int StrideW, int FilterW, int DilationW)
{
    public int WeightsPerRow => Math.Max(FilterW - 1, 1);

    public IReadOnlyList<PlanarMac> Macs()
    {
        var macs = new List<PlanarMac>();
        for (var o = 0; o < Outputs; o++)
            for (var kx = 0; kx < FilterW;)
            {
                var q = o * StrideW + kx * DilationW;
                if (DilationW == 1 && kx + 1 < FilterW && q % 2 == 0)
                {
                    macs.Add(new PlanarMac(o, q / 2, "eg_smlad", kx));
                    kx += 2;
                    continue;
                }
                var (weight, top) = FilterW == 1 ? (0, false) : kx < FilterW - 1 ? (kx, false) : (kx - 1, true);
                macs.Add(new PlanarMac(o, q / 2, $"eg_smla{(q % 2 == 1 ? 't' : 'b')}{(top ? 't' : 'b')}", weight));
                kx++;
            }
        return macs;
    }

    /// <summary>The input words the block reads, in column order.</summary>
    public IReadOnlyList<int> Words() => Macs().Select(m => m.Word).Distinct().Order().ToList();

    /// <summary>The weight words the block uses (stride 2 never needs the odd-column pairs).</summary>
    public IReadOnlyList<int> UsedWeights() => Macs().Select(m => m.Weight).Distinct().Order().ToList();

    /// <summary>Row ky's weight words: per weight k, the packed lanes [w_k, w_k+1] (or [w_0, 0]), each times <paramref name="scale"/> (fits 16 bits).</summary>
    public IEnumerable<int> WeightWords(Func<int, sbyte> tap, int scale) => Enumerable.Range(0, WeightsPerRow)
        .Select(k => Pack(tap(k) * scale, k + 1 < FilterW ? tap(k + 1) * scale : 0));

    private static int Pack(int bottom, int top) => (top << 16) | (bottom & 0xFFFF);
}
