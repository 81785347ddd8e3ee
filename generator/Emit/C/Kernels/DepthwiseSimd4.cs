namespace EdgeGen.Emit.C.Kernels;

/// <summary>
/// What the DSP depthwise kernels share: the weights widened at generation time for four channels at a time
/// (SMLABB/SMLATT lane by lane), the int8 weights of a last group of fewer than four channels, and the C body of
/// one output pixel. The kernels differ only in how a tap's four inputs are read (a padded row ring, or the input
/// itself with a check at the borders), which the caller supplies as C text.
/// </summary>
internal sealed record DepthwiseSimd4(int Channels, int Taps, sbyte[] Filter)
{
    public int Groups => Channels / 4;
    public bool HasTail => Groups * 4 != Channels;

    /// <summary>Weights of group g, tap t: [w(c0), w(c2)] and [w(c1), w(c3)] as int16 pairs.</summary>
    public IReadOnlyList<int> WideWords()
    {
        var words = new List<int>();
        for (var g = 0; g < Groups; g++)
            for (var t = 0; t < Taps; t++)
            {
                int W(int ch) => Filter[t * Channels + 4 * g + ch];
                words.Add(unchecked((W(2) << 16) | (W(0) & 0xFFFF)));
                words.Add(unchecked((W(3) << 16) | (W(1) & 0xFFFF)));
            }
        return words;
    }

    /// <summary>The tail channels' int8 weights, tap-major per channel.</summary>
    public sbyte[] TailWeights() =>
        Enumerable.Range(4 * Groups, Channels - 4 * Groups).SelectMany(ch => Enumerable.Range(0, Taps).Select(t => Filter[t * Channels + ch])).ToArray();

    public string Definitions(string wide, string tail) =>
        CFormat.Int32Array(wide, WideWords()) + (HasTail ? CFormat.Int8Array(tail, TailWeights()) : "");

    /// <summary>The multiply-accumulates of tap t once its inputs are widened into xe = [x0, x2] and xo = [x1, x3].</summary>
    public static string Macs(int t) =>
        $"a0 = eg_smlabb(xe, wg[{2 * t}], a0); a2 = eg_smlatt(xe, wg[{2 * t}], a2); a1 = eg_smlabb(xo, wg[{2 * t + 1}], a1); a3 = eg_smlatt(xo, wg[{2 * t + 1}], a3);";

    /// <summary>
    /// The statements of one output pixel with <c>out</c> its output, given per tap the C that sets xe/xo for the
    /// channels at <c>ch</c> and the C expression of the tail channel <c>ch</c>'s input.
    /// </summary>
    public string PixelBody(string wide, string tail, FoldedConstants k, IReadOnlyList<string> widenTap, IReadOnlyList<string> tailInput)
    {
        var s = k.Stride;
        var tapLines = Enumerable.Range(0, Taps).Select(t => $"            {widenTap[t]}\n            {Macs(t)}");
        var tailLines = Enumerable.Range(0, Taps).Select(t => $"            a0 += {tailInput[t]} * wt[{t}];");
        var tailCode = HasTail ? $$"""

                for (; ch < {{Channels}}; ++ch, r += {{s}}) {
                    const int8_t *wt = {{tail}} + (ch - {{4 * Groups}}) * {{Taps}};
                    int32_t a0 = r[0];
            {{string.Join("\n", tailLines)}}
                    out[ch] = {{k.Output("a0", "r")}};
                }
            """ : "";
        return $$"""
                const int32_t *wg = {{wide}};
                const int32_t *r = {{k.Table}};
                int ch;
                for (ch = 0; ch < {{4 * Groups}}; ch += 4, wg += {{2 * Taps}}, r += {{4 * s}}) {
                    int32_t a0 = r[0], a1 = r[{{s}}], a2 = r[{{2 * s}}], a3 = r[{{3 * s}}];
                    int32_t x, xe, xo;
            {{string.Join("\n", tapLines)}}
                    out[ch] = {{k.Output("a0", "r")}};
                    out[ch + 1] = {{k.Output("a1", $"(r + {s})")}};
                    out[ch + 2] = {{k.Output("a2", $"(r + {2 * s})")}};
                    out[ch + 3] = {{k.Output("a3", $"(r + {3 * s})")}};
                }{{tailCode}}
            """;
    }

    /// <summary>
    /// The statements of two interior output pixels side by side (the second's window <paramref name="step"/> bytes
    /// after the first's, at <c>p = in + base</c>): every weight word and requantization row is loaded once for both,
    /// and where the stride equals the dilation the second pixel's tap kx reads the first's tap kx + 1, so each input
    /// word of a filter row is loaded and widened once. <paramref name="rowOffsets"/>: per filter row, each tap's byte offset.
    /// </summary>
    public string PairBody(string wide, string tail, FoldedConstants k, IReadOnlyList<IReadOnlyList<int>> rowOffsets, int step, bool shared)
    {
        var s = k.Stride;
        var lines = new List<string>();
        var t = 0;
        foreach (var row in rowOffsets)
        {
            lines.Add($"            x = eg_load4(p + {row[0]}); pe = eg_sxtb16(x); po = eg_sxtb16_ror8(x);");
            for (var kx = 0; kx < row.Count; kx++, t++)
            {
                lines.Add($"            x = eg_load4(p + {row[kx] + step}); qe = eg_sxtb16(x); qo = eg_sxtb16_ror8(x);");
                lines.Add($"            w = wg[{2 * t}]; a0 = eg_smlabb(pe, w, a0); a2 = eg_smlatt(pe, w, a2); b0 = eg_smlabb(qe, w, b0); b2 = eg_smlatt(qe, w, b2);");
                lines.Add($"            w = wg[{2 * t + 1}]; a1 = eg_smlabb(po, w, a1); a3 = eg_smlatt(po, w, a3); b1 = eg_smlabb(qo, w, b1); b3 = eg_smlatt(qo, w, b3);");
                if (kx + 1 < row.Count)
                    lines.Add(shared ? "            pe = qe; po = qo;" : $"            x = eg_load4(p + {row[kx + 1]}); pe = eg_sxtb16(x); po = eg_sxtb16_ror8(x);");
            }
        }
        var offsets = rowOffsets.SelectMany(r => r).ToList();
        var tailLines = offsets.Select((o, i) => $"            a0 += p[{o}] * wt[{i}]; b0 += p[{o + step}] * wt[{i}];");
        var tailCode = HasTail ? $$"""

                for (; ch < {{Channels}}; ++ch, r += {{s}}) {
                    const int8_t *p = in + base + ch;
                    const int8_t *wt = {{tail}} + (ch - {{4 * Groups}}) * {{Taps}};
                    int32_t a0 = r[0], b0 = r[0];
            {{string.Join("\n", tailLines)}}
                    out[ch] = {{k.Output("a0", "r")}};
                    out[{{Channels}} + ch] = {{k.Output("b0", "r")}};
                }
            """ : "";
        string Out(string acc, int lane, string prefix) => $"        out[{prefix}ch + {lane}] = {k.Output($"{acc}{lane}", lane == 0 ? "r" : $"(r + {lane * s})")};";
        return $$"""
                const int32_t *wg = {{wide}};
                const int32_t *r = {{k.Table}};
                int ch;
                for (ch = 0; ch < {{4 * Groups}}; ch += 4, wg += {{2 * Taps}}, r += {{4 * s}}) {
                    const int8_t *p = in + base + ch;
                    int32_t a0 = r[0], a1 = r[{{s}}], a2 = r[{{2 * s}}], a3 = r[{{3 * s}}];
                    int32_t b0 = a0, b1 = a1, b2 = a2, b3 = a3;
                    int32_t x, w, pe, po, qe, qo;
            {{string.Join("\n", lines)}}
            {{string.Join("\n", Enumerable.Range(0, 4).Select(l => Out("a", l, "")))}}
            {{string.Join("\n", Enumerable.Range(0, 4).Select(l => Out("b", l, $"{Channels} + ")))}}
                }{{tailCode}}
            """;
    }
}
