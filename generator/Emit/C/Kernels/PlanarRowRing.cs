using EdgeGen.Ir;
using EdgeGen.Ir.Ops;
using EdgeGen.Reference.Kernels;

namespace EdgeGen.Emit.C.Kernels;

/// <summary>
/// The input rows a depthwise window spans, channel-planar and widened to int16: per channel, Rows slots of
/// PaddedWidth int16 values; padded row py goes to slot py % Rows. Padding columns and rows outside the input hold the
/// input zero point. Two horizontally adjacent inputs of one channel are one aligned word, the operand SMLAD and the
/// halfword multiplies want; each input row is widened once and read by every window row that covers it.
/// </summary>
internal sealed record PlanarRowRing(ConvLoop Geo, int Channels, int ZeroPoint)
{
    /// <summary>Rows a window spans (dilation included): the rows the ring holds.</summary>
    public int Rows => (Geo.FilterH - 1) * Geo.DilationH + 1;

    /// <summary>The last padded column a window reads, rounded so whole words (pairs) cover it: always even.</summary>
    public int PaddedWidth => ((Geo.OutW - 1) * Geo.StrideW + (Geo.FilterW - 1) * Geo.DilationW) / 2 * 2 + 2;

    /// <summary>Input columns copied into a row (columns past the last one any window reads are left out).</summary>
    public int CopiedColumns => Math.Max(0, Math.Min(Geo.InW, PaddedWidth - Geo.PadLeft));

    /// <summary>Elements from one channel's slots to the next channel's.</summary>
    public int ChannelElements => Rows * PaddedWidth;

    public int Bytes => 2 * Channels * ChannelElements;

    public static PlanarRowRing For(Graph graph, DepthwiseConv2D op)
    {
        var input = graph[op.Inputs[0]];
        var filter = graph[op.Inputs[1]];
        var geo = ConvLoop.For(input.Shape, filter.Shape[1], filter.Shape[2], graph[op.Output].Shape, op.Window);
        return new PlanarRowRing(geo, input.Shape[3], input.Quant.ZeroPoint);
    }

    /// <summary>
    /// Bytes before the input at which the output may start (<see cref="Planning.OverlapLead"/>): the kernel widens the
    /// rows an output row's window needs into the ring (skipping rows a stride steps over), then writes that row.
    /// </summary>
    public int? OutputLead() => Planning.OverlapLead.OfRowStream(Geo.Batches, Geo.InH, Geo.OutH, Geo.StrideH, Geo.PadTop, Rows,
        (long)Geo.InW * Channels, (long)Geo.OutW * Channels, skipsUnreadRows: true);

    /// <summary>The padded rows some window reads (rows a stride larger than the window skips are never filled).</summary>
    public IEnumerable<int> FilledRows() =>
        Enumerable.Range(0, Geo.OutH).SelectMany(oy => Enumerable.Range(oy * Geo.StrideH, Rows)).Distinct();

    /// <summary>
    /// Instructions to fill the ring (measured on the M4): about 1 per element of the whole ring at the start (the
    /// zero point in the padding, two elements a word), about 2.5 per element copied and transposed (two columns at
    /// a time), 1.5 per element of a row outside the input.
    /// </summary>
    public long FillInstructions()
    {
        var g = Geo;
        var inside = 0L;
        var outside = 0L;
        foreach (var py in FilledRows())
        {
            var iy = py - g.PadTop;
            if (iy >= 0 && iy < g.InH) inside++;
            else outside++;
        }
        return g.Batches * (inside * CopiedColumns * Channels * 5 / 2 + outside * CopiedColumns * Channels * 3 / 2 + 20 * (inside + outside))
            + Channels * ChannelElements + 20;
    }

    /// <summary>C functions: <paramref name="init"/> fills the whole ring with the zero point, <paramref name="fill"/> widens padded row py into its slot.</summary>
    public string Functions(string init, string fill)
    {
        var g = Geo;
        var c = Channels;
        var pw = PaddedWidth;
        var zpPair = CFormat.Int(unchecked((int)((uint)(ZeroPoint & 0xFFFF) << 16 | (uint)(ZeroPoint & 0xFFFF))));
        var quads = c / 4;
        var ce = ChannelElements;
        // One column: each channel's value into both copies.
        var single = $$"""
                    for (ch = 0; ch < {{c}}; ++ch, d += {{ce}}) d[0] = src[ch];
            """;
        // Two columns whose first sits on a word boundary of the ring: one word per channel, four channels per pair of loads.
        var pairQuads = quads == 0 ? "" : $$"""
                    for (ch = 0; ch < {{4 * quads}}; ch += 4, d += {{4 * ce}}) eg_planar_store4x2(d, {{ce}}, eg_load4(src + ch), eg_load4(src + {{c}} + ch));
            """;
        var pairTail = c % 4 == 0 ? "" : $$"""
                    for (ch = {{4 * quads}}; ch < {{c}}; ++ch, d += {{ce}}) {
                        const int32_t v = (int32_t)(((uint32_t)(int32_t)src[{{c}} + ch] << 16) | ((uint32_t)(int32_t)src[ch] & 0xFFFFu));
                        eg_memcpy(d, &v, 4);
                    }
            """;
        var lead = g.PadLeft % 2;  // a column on an odd ring position goes alone
        return $$"""
            /* Every element of the ring to the input zero point: the padding columns keep it for the whole inference. */
            static void {{init}}(int16_t *ring)
            {
                const int32_t pair = {{zpPair}};
                int i;
                for (i = 0; i < {{Channels * ChannelElements}}; i += 2) eg_memcpy(ring + i, &pair, 4);
            }

            /* Padded input row py (input row py - {{g.PadTop}}) widened into slot py % {{Rows}} of every channel. */
            static void {{fill}}(const int8_t *in, int py, int16_t *ring)
            {
                int16_t *row = ring + (py % {{Rows}}) * {{pw}} + {{g.PadLeft}};
                const int iy = py - {{g.PadTop}};
                int ch, x;
                if (iy < 0 || iy >= {{g.InH}}) {
                    for (ch = 0; ch < {{c}}; ++ch, row += {{ChannelElements}})
                        for (x = 0; x < {{CopiedColumns}}; ++x) row[x] = {{ZeroPoint}};
                    return;
                }
                for (x = 0; x < {{CopiedColumns}}; ++x) {
                    const int8_t *src = in + (iy * {{g.InW}} + x) * {{c}};
                    int16_t *d = row + x;
                    if (x >= {{lead}} && x + 1 < {{CopiedColumns}}) {
            {{string.Join("\n", new[] { pairQuads, pairTail }.Where(t => t.Length > 0))}}
                        ++x;
                    } else {
            {{single}}
                    }
                }
            }

            """;
    }
}
