using EdgeGen.Ir;
using EdgeGen.Ir.Ops;
using EdgeGen.Numerics.Params;
using EdgeGen.Reference.Kernels;
using EdgeGen.Targets;

namespace EdgeGen.Emit.C.Kernels;

/// <summary>
/// DEPTHWISE_CONV_2D int8, depth multiplier 1, on cores with the DSP extension: four channels at a time, one word
/// load of the four inputs of a tap widened to two q15 pairs (SXTB16) and multiplied lane by lane with weights
/// widened at generation time (SMLABB/SMLATT). Interior pixels load every tap unconditionally; border pixels use
/// the input zero point for taps in the padding (the input offset is folded into the bias). A last group of
/// fewer than four channels runs a plain loop.
/// </summary>
public sealed class DepthwiseConv2DDsp : CKernelVariant<DepthwiseConv2D>
{
    public override string Name => "dsp_simd4";

    public override bool Applies(Graph graph, DepthwiseConv2D op, TargetSpec target) =>
        target.Has("dsp") && op.Multiplier(graph) == 1 && graph[op.Inputs[0]].Type == DataType.Int8
        && op.Window is { DilationH: 1, DilationW: 1 }  // the row ring holds FilterH consecutive rows: no dilation
        && Folded(graph, op) is not null;

    public override long EstimatedInstructions(Graph graph, DepthwiseConv2D op, TargetSpec target)
    {
        var output = graph[op.Output].Shape;
        var taps = (long)graph[op.Inputs[1]].Shape[1] * graph[op.Inputs[1]].Shape[2];
        var pixels = (long)output[0] * output[1] * output[2];
        var c = output[3];
        return pixels * ((c / 4) * (8 * taps + 30) + (c % 4) * (4 * taps + 10) + 15);
    }

    internal static FoldedRequantization? Folded(Graph graph, DepthwiseConv2D op)
    {
        var filter = graph[op.Inputs[1]];
        var w = filter.Int8Data.ToArray();
        var cout = graph[op.Output].Shape[3];
        return FoldedRequantization.TryCreate(graph[op.Inputs[0]], filter, op.HasInput(2) ? graph[op.Inputs[2]] : null, graph[op.Output],
            op.Activation, cout, ch => Enumerable.Range(0, w.Length / cout).Select(t => w[t * cout + ch]));
    }

    public override int ScratchBytes(Graph graph, DepthwiseConv2D op, TargetSpec target) => RowRing.For(graph, op).Bytes;

    protected override CKernel Emit(CKernelContext ctx, DepthwiseConv2D op)
    {
        var input = ctx.InputTensor(0);
        var filter = ctx.InputTensor(1);
        var ring = RowRing.For(ctx.Graph, op);
        var geo = ring.Geo;
        var c = input.Shape[3];
        var taps = geo.FilterH * geo.FilterW;
        var groups = c / 4;
        var k = FoldedConstants.Create(ctx, Folded(ctx.Graph, op)!);
        var w = filter.Int8Data.ToArray();
        var wide = ctx.Symbol("wide");
        var tail = ctx.Symbol("tail");
        var pixel = ctx.GeometrySymbol("pixel");

        // Weights of group g, tap t: [w(c0), w(c2)] and [w(c1), w(c3)] as int16 pairs; the tail channels stay int8, tap-major per channel.
        var wideWords = new List<int>();
        for (var g = 0; g < groups; g++)
            for (var t = 0; t < taps; t++)
            {
                int W(int ch) => w[t * c + 4 * g + ch];
                wideWords.Add(unchecked((W(2) << 16) | (W(0) & 0xFFFF)));
                wideWords.Add(unchecked((W(3) << 16) | (W(1) & 0xFFFF)));
            }
        var tailWeights = Enumerable.Range(4 * groups, c - 4 * groups).SelectMany(ch => Enumerable.Range(0, taps).Select(t => w[t * c + ch])).ToArray();

        var tapLines = new List<string>();
        var tailLines = new List<string>();
        for (var ky = 0; ky < geo.FilterH; ky++)
            for (var kx = 0; kx < geo.FilterW; kx++)
            {
                var t = ky * geo.FilterW + kx;
                var offset = ky * ring.RowBytes + kx * c;
                tapLines.Add($"            x = eg_load4(win + {offset}); xe = eg_sxtb16(x); xo = eg_sxtb16_ror8(x);\n"
                    + $"            a0 = eg_smlabb(xe, wg[{2 * t}], a0); a2 = eg_smlatt(xe, wg[{2 * t}], a2); a1 = eg_smlabb(xo, wg[{2 * t + 1}], a1); a3 = eg_smlatt(xo, wg[{2 * t + 1}], a3);");
                tailLines.Add($"            a0 += win[{offset}] * wt[{t}];");
            }
        var tailCode = groups * 4 == c ? "" : $$"""

                for (; ch < {{c}}; ++ch, ++win, r += {{k.Stride}}) {
                    const int8_t *wt = {{tail}} + (ch - {{4 * groups}}) * {{taps}};
                    int32_t a0 = r[0];
            {{string.Join("\n", tailLines)}}
                    out[ch] = {{k.Output("a0", "r")}};
                }
            """;
        var s = k.Stride;
        var code = $$"""
            {{CFormat.Int32Array(wide, wideWords)}}{{(tailWeights.Length > 0 ? CFormat.Int8Array(tail, tailWeights) : "")}}{{k.Definitions}}
            /* One output pixel; win = its window's first element in the ring (rows {{ring.RowBytes}} bytes apart, padding included). */
            EG_INLINE void {{pixel}}(const int8_t *win, int8_t *out)
            {
                const int32_t *wg = {{wide}};
                const int32_t *r = {{k.Table}};
                int ch;
                for (ch = 0; ch < {{4 * groups}}; ch += 4, win += 4, wg += {{2 * taps}}, r += {{4 * s}}) {
                    int32_t a0 = r[0], a1 = r[{{s}}], a2 = r[{{2 * s}}], a3 = r[{{3 * s}}];
                    int32_t x, xe, xo;
            {{string.Join("\n", tapLines)}}
                    out[ch] = {{k.Output("a0", "r")}};
                    out[ch + 1] = {{k.Output("a1", $"(r + {s})")}};
                    out[ch + 2] = {{k.Output("a2", $"(r + {2 * s})")}};
                    out[ch + 3] = {{k.Output("a3", $"(r + {3 * s})")}};
                }{{tailCode}}
            }

            {{ring.Function(ctx.GeometrySymbol("ring_row"), c)}}
            EG_KERNEL void {{ctx.FunctionName}}(const int8_t *{{ctx.Restrict}}input, int8_t *{{ctx.Restrict}}output)
            {
                int8_t *ring = {{ctx.ScratchPointer("int8_t")}};
                int b, oy, ox, loaded;
                for (b = 0; b < {{geo.Batches}}; ++b) {
                    const int8_t *in = input + b * {{geo.InH * geo.InW * c}};
                    for (loaded = 0, oy = 0; oy < {{geo.OutH}}; ++oy) {
                        const int py = oy * {{geo.StrideH}};
                        const int8_t *window = ring + (py % {{geo.FilterH}}) * {{ring.RowBytes}};
                        for (; loaded < py + {{geo.FilterH}}; ++loaded) {{ctx.GeometrySymbol("ring_row")}}(in, loaded, ring);
                        for (ox = 0; ox < {{geo.OutW}}; ++ox, output += {{c}}) {{pixel}}(window + ox * {{geo.StrideW * c}}, output);
                    }
                }
            }

            """;
        return new CKernel(code, $"{ctx.FunctionName}({ctx.Pointer(op.Inputs[0])}, {ctx.Pointer(op.Output)});", Name) { Headers = ["edgegen_dsp.h"] };
    }
}

/// <summary>
/// A ring of FilterH input rows with the padding made explicit (filled with the input zero point), so a
/// windowed kernel reads every tap without bounds checks: padded row py holds input row py - PadTop. Every row is
/// stored twice, in slots py % FilterH and py % FilterH + FilterH, so the FilterH rows of any window are
/// contiguous from slot (first row % FilterH): taps sit at constant offsets from one pointer.
/// </summary>
internal sealed record RowRing(ConvLoop Geo, int Channels, int ZeroPoint, int PaddedWidth)
{
    public int RowBytes => (PaddedWidth * Channels + 3) / 4 * 4 + 4;
    public int Bytes => 2 * Geo.FilterH * RowBytes;

    public static RowRing For(Graph graph, DepthwiseConv2D op)
    {
        var input = graph[op.Inputs[0]];
        var filter = graph[op.Inputs[1]];
        var geo = ConvLoop.For(input.Shape, filter.Shape[1], filter.Shape[2], graph[op.Output].Shape, op.Window);
        var width = Math.Max((geo.OutW - 1) * geo.StrideW + (geo.FilterW - 1) * geo.DilationW + 1, geo.PadLeft + geo.InW);
        return new RowRing(geo, input.Shape[3], input.Quant.ZeroPoint, width);
    }

    /// <summary>A C function that fills one ring row from padded row py (zero point outside the input).</summary>
    public string Function(string name, int c)
    {
        var g = Geo;
        var right = PaddedWidth - g.PadLeft - g.InW;
        var lines = new List<string>();
        if (g.PadLeft > 0) lines.Add($"        memset(row, {ZeroPoint}, {g.PadLeft * c});");
        lines.Add($"        memcpy(row + {g.PadLeft * c}, in + iy * {g.InW * c}, {g.InW * c});");
        if (right > 0) lines.Add($"        memset(row + {(g.PadLeft + g.InW) * c}, {ZeroPoint}, {right * c});");
        return $$"""
            /* Padded input row py (input row py - {{g.PadTop}}, zero point in the padding) into both of its ring slots. */
            static void {{name}}(const int8_t *in, int py, int8_t *ring)
            {
                int8_t *row = ring + (py % {{g.FilterH}}) * {{RowBytes}};
                const int iy = py - {{g.PadTop}};
                if (iy < 0 || iy >= {{g.InH}}) {
                    memset(row, {{ZeroPoint}}, {{PaddedWidth * c}});
                } else {
            {{string.Join("\n", lines)}}
                }
                memcpy(row + {{g.FilterH * RowBytes}}, row, {{PaddedWidth * c}});
            }

            """;
    }
}
