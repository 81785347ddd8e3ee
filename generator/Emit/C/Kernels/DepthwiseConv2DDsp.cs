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
        && LayerFolding.Of(graph, op) is not null;

    /// <summary>
    /// Per pixel and group of four channels 8 per tap and about 50 more, plus the ring's fill. Calibrated with
    /// `run --profile --kernel DEPTHWISE_CONV_2D=dsp_simd4` on the M4: vww_96_int8's nine 3x3 layers within 2 %
    /// (the earlier 30 per group and 0.7 per ring byte were 18-25 % low).
    /// </summary>
    public override long EstimatedInstructions(Graph graph, DepthwiseConv2D op, TargetSpec target)
    {
        var output = graph[op.Output].Shape;
        var taps = (long)graph[op.Inputs[1]].Shape[1] * graph[op.Inputs[1]].Shape[2];
        var pixels = (long)output[0] * output[1] * output[2];
        var c = output[3];
        return pixels * ((c / 4) * (8 * taps + 50) + (c % 4) * (4 * taps + 10) + 11) + RingFillInstructions(graph, op);
    }

    /// <summary>Every padded input row a window reads is copied into two ring slots: about 0.6 instructions per byte copied (measured on the M4).</summary>
    private static long RingFillInstructions(Graph graph, DepthwiseConv2D op)
    {
        var ring = RowRing.For(graph, op);
        var rows = (long)ring.Geo.Batches * ((ring.Geo.OutH - 1) * ring.Geo.StrideH + ring.Geo.FilterH);
        return rows * ring.PaddedWidth * ring.Channels * 12 / 10;
    }

    public override int ScratchBytes(Graph graph, DepthwiseConv2D op, TargetSpec target) => RowRing.For(graph, op).Bytes;

    /// <summary>Every input row is copied into the ring before the output rows that read it are written: the output may overwrite rows already copied.</summary>
    public override int? OutputLead(Graph graph, DepthwiseConv2D op, TargetSpec target) => RowRing.For(graph, op).OutputLead();

    protected override CKernel Emit(CKernelContext ctx, DepthwiseConv2D op)
    {
        var input = ctx.InputTensor(0);
        var filter = ctx.InputTensor(1);
        var ring = RowRing.For(ctx.Graph, op);
        var geo = ring.Geo;
        var c = input.Shape[3];
        var taps = geo.FilterH * geo.FilterW;
        var k = FoldedConstants.Create(ctx, LayerFolding.Of(ctx.Graph, op)!, ctx.OutputTensor.Shape.ElementCount, EstimatedInstructions(ctx.Graph, op, ctx.Target));
        var simd = new DepthwiseSimd4(c, taps, filter.Int8Data.ToArray());
        var wide = ctx.Symbol("wide");
        var tail = ctx.Symbol("tail");
        var pixel = ctx.GeometrySymbol("pixel");
        var offsets = Enumerable.Range(0, taps).Select(t => t / geo.FilterW * ring.RowBytes + t % geo.FilterW * c).ToList();
        var widen = offsets.Select(o => $"x = eg_load4(win + ch + {o}); xe = eg_sxtb16(x); xo = eg_sxtb16_ror8(x);").ToList();
        var tailInput = offsets.Select(o => $"win[ch + {o}]").ToList();
        var code = $$"""
            {{simd.Definitions(wide, tail)}}{{k.Definitions}}
            /* One output pixel; win = its window's first element in the ring (rows {{ring.RowBytes}} bytes apart, padding included). */
            EG_INLINE void {{pixel}}(const int8_t *win, int8_t *out)
            {
            {{simd.PixelBody(wide, tail, k, widen, tailInput)}}
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

    /// <summary>
    /// The kernel's steps are output rows: before row oy it copies padded rows up to oy * StrideH + FilterH - 1 into the
    /// ring (the loop below loads every padded row once, in order), then writes the row. A step's first read is the
    /// first input row it copies; rows in the padding read nothing.
    /// </summary>
    public int? OutputLead() => Planning.OverlapLead.OfRowStream(Geo.Batches, Geo.InH, Geo.OutH, Geo.StrideH, Geo.PadTop, Geo.FilterH,
        (long)Geo.InW * Channels, (long)Geo.OutW * Channels, skipsUnreadRows: false);

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
