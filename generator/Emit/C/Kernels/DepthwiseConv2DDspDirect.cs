using EdgeGen.Ir;
using EdgeGen.Ir.Ops;
using EdgeGen.Numerics.Params;
using EdgeGen.Reference.Kernels;
using EdgeGen.Targets;

namespace EdgeGen.Emit.C.Kernels;

/// <summary>
/// DEPTHWISE_CONV_2D int8, depth multiplier 1, on cores with the DSP extension, without scratch: the arithmetic of
/// <see cref="DepthwiseConv2DDsp"/> (four channels at a time through SXTB16 and SMLABB/SMLATT), but the taps are read
/// from the input itself. Interior output pixels, whose window lies inside the input, load every tap at a constant
/// offset from one pointer (rows InW*C apart); border pixels carry a mask of the filter rows and columns inside the
/// input and take the input zero point for the others (the input offset is folded into the bias, so a padded tap must
/// contribute zero point times weight). Both paths are one inlined body: with the all-ones masks of the interior the
/// compiler removes the checks. No row ring, so patched graphs keep it: their peak RAM is what patches are for.
/// </summary>
public sealed class DepthwiseConv2DDspDirect : CKernelVariant<DepthwiseConv2D>
{
    public override string Name => "dsp_direct";

    /// <summary>Masks are 32-bit words with a bit per filter row or column.</summary>
    private const int MaxFilterSide = 31;

    public override bool Applies(Graph graph, DepthwiseConv2D op, TargetSpec target)
    {
        var filter = graph[op.Inputs[1]].Shape;
        return target.Has("dsp") && op.Multiplier(graph) == 1 && graph[op.Inputs[0]].Type == DataType.Int8
            && filter[1] <= MaxFilterSide && filter[2] <= MaxFilterSide
            && LayerFolding.Of(graph, op) is not null;
    }

    /// <summary>
    /// Per pixel and group of four channels 8 per tap and about 55 more (accumulator start, requantization of four
    /// outputs, stores, pointer steps); border pixels add a test per tap and group and the two masks. Calibrated with
    /// `run --profile --kernel DEPTHWISE_CONV_2D=dsp_direct` on the M4 (vww_96_int8's nine 3x3 layers, stride 1 and 2:
    /// within 3 % except the two smallest stride-2 layers, 7 and 10 % high); the earlier 30 per group was 12-25 % low.
    /// </summary>
    public override long EstimatedInstructions(Graph graph, DepthwiseConv2D op, TargetSpec target)
    {
        var geo = Geometry(graph, op);
        var c = graph[op.Output].Shape[3];
        var taps = (long)geo.FilterH * geo.FilterW;
        var perPixel = (c / 4) * (8 * taps + 55) + (c % 4) * (4 * taps + 10) + 9;
        var pixels = (long)geo.Batches * geo.OutH * geo.OutW;
        var interior = (long)geo.Batches * Interior(geo.OutH, geo.InH, geo.FilterH, geo.StrideH, geo.DilationH, geo.PadTop).Count
            * Interior(geo.OutW, geo.InW, geo.FilterW, geo.StrideW, geo.DilationW, geo.PadLeft).Count;
        var borderExtra = (c / 4 + c % 4) * 2 * taps + 6 * (geo.FilterH + geo.FilterW) + 20;
        // Interior pixels run in pairs that share weight words and requantization rows: about one instruction per
        // tap and group less per pair, whatever the stride (measured on the M4; sharing input words at stride 1
        // saves no more than that).
        var pairs = (long)geo.Batches * Interior(geo.OutH, geo.InH, geo.FilterH, geo.StrideH, geo.DilationH, geo.PadTop).Count
            * (Interior(geo.OutW, geo.InW, geo.FilterW, geo.StrideW, geo.DilationW, geo.PadLeft).Count / 2);
        var pairSaving = (c / 4) * taps;
        return pixels * perPixel + (pixels - interior) * borderExtra - pairs * pairSaving;
    }

    private static ConvLoop Geometry(Graph graph, DepthwiseConv2D op)
    {
        var filter = graph[op.Inputs[1]];
        return ConvLoop.For(graph[op.Inputs[0]].Shape, filter.Shape[1], filter.Shape[2], graph[op.Output].Shape, op.Window);
    }

    /// <summary>The output positions [Start, Start + Count) along one axis whose whole window lies inside the input.</summary>
    internal static (int Start, int Count) Interior(int outSize, int inSize, int filter, int stride, int dilation, int padBefore)
    {
        var start = Math.Min((padBefore + stride - 1) / stride, outSize);
        var lastFirst = inSize - 1 - (filter - 1) * dilation + padBefore;  // the largest o * stride whose window still fits
        var end = lastFirst < 0 ? 0 : Math.Min(lastFirst / stride + 1, outSize);
        return (start, Math.Max(0, end - start));
    }

    protected override CKernel Emit(CKernelContext ctx, DepthwiseConv2D op)
    {
        var geo = Geometry(ctx.Graph, op);
        var c = ctx.InputTensor(0).Shape[3];
        var zp = ctx.InputTensor(0).Quant.ZeroPoint;
        var taps = geo.FilterH * geo.FilterW;
        var k = FoldedConstants.Create(ctx, LayerFolding.Of(ctx.Graph, op)!, ctx.OutputTensor.Shape.ElementCount, EstimatedInstructions(ctx.Graph, op, ctx.Target));
        var simd = new DepthwiseSimd4(c, taps, ctx.InputTensor(1).Int8Data.ToArray());
        var wide = ctx.Symbol("wide");
        var tail = ctx.Symbol("tail");
        var body = ctx.GeometrySymbol("pixel");
        var border = ctx.GeometrySymbol("border");
        var pair = ctx.GeometrySymbol("pair");
        var rowOffsets = Enumerable.Range(0, geo.FilterH)
            .Select(ky => (IReadOnlyList<int>)Enumerable.Range(0, geo.FilterW).Select(kx => (ky * geo.DilationH * geo.InW + kx * geo.DilationW) * c).ToList())
            .ToList();
        var colRange = Interior(geo.OutW, geo.InW, geo.FilterW, geo.StrideW, geo.DilationW, geo.PadLeft);
        var zpPair = CFormat.Int(unchecked((int)((uint)(zp & 0xFFFF) << 16 | (uint)(zp & 0xFFFF))));

        var widen = new List<string>();
        var tailInput = new List<string>();
        for (var ky = 0; ky < geo.FilterH; ky++)
            for (var kx = 0; kx < geo.FilterW; kx++)
            {
                var offset = (ky * geo.DilationH * geo.InW + kx * geo.DilationW) * c;
                var inside = $"(rm & {1u << ky}u) && (cm & {1u << kx}u)";
                widen.Add($"if ({inside}) {{ x = eg_load4(in + (base + ch + {offset})); xe = eg_sxtb16(x); xo = eg_sxtb16_ror8(x); }} else {{ xe = xo = {zpPair}; }}");
                tailInput.Add($"({inside} ? in[base + ch + {offset}] : {zp})");
            }
        var fullRows = CFormat.Int(unchecked((int)((1u << geo.FilterH) - 1))) + "u";
        var inPixel = geo.InW * c;
        var code = $$"""
            {{simd.Definitions(wide, tail)}}{{k.Definitions}}
            /* One output pixel whose window starts at element base of in (negative in the top or left padding); bit ky of rm
             * and bit kx of cm tell which filter rows and columns fall inside the input, the others read the zero point. */
            EG_INLINE void {{body}}(const int8_t *in, int base, uint32_t rm, uint32_t cm, int8_t *out)
            {
            {{simd.PixelBody(wide, tail, k, widen, tailInput)}}
            }

            /* Two interior pixels side by side: weights and requantization rows loaded once for both. */
            EG_INLINE void {{pair}}(const int8_t *in, int base, int8_t *out)
            {
            {{simd.PairBody(wide, tail, k, rowOffsets, geo.StrideW * c, geo.StrideW == geo.DilationW)}}
            }

            /* A pixel whose window touches the padding: the checked path, kept out of line. */
            static void {{border}}(const int8_t *in, int iy0, int ix0, uint32_t rm, int8_t *out)
            {
                {{body}}(in, (iy0 * {{geo.InW}} + ix0) * {{c}}, rm, eg_tap_mask(ix0, {{geo.DilationW}}, {{geo.FilterW}}, {{geo.InW}}), out);
            }

            EG_KERNEL void {{ctx.FunctionName}}(const int8_t *{{ctx.Restrict}}input, int8_t *{{ctx.Restrict}}output)
            {
                int b, oy, ox;
                for (b = 0; b < {{geo.Batches}}; ++b) {
                    const int8_t *in = input + b * {{geo.InH * inPixel}};
                    for (oy = 0; oy < {{geo.OutH}}; ++oy) {
                        const int iy0 = oy * {{geo.StrideH}} - {{geo.PadTop}};
                        const uint32_t rm = eg_tap_mask(iy0, {{geo.DilationH}}, {{geo.FilterH}}, {{geo.InH}});
                        ox = 0;
                        if (rm == {{fullRows}}) {
                            for (; ox < {{colRange.Start}}; ++ox, output += {{c}}) {{border}}(in, iy0, ox * {{geo.StrideW}} - {{geo.PadLeft}}, rm, output);
                            for (; ox + 1 < {{colRange.Start + colRange.Count}}; ox += 2, output += {{2 * c}})
                                {{pair}}(in, iy0 * {{inPixel}} + (ox * {{geo.StrideW}} - {{geo.PadLeft}}) * {{c}}, output);
                            for (; ox < {{colRange.Start + colRange.Count}}; ++ox, output += {{c}})
                                {{body}}(in, iy0 * {{inPixel}} + (ox * {{geo.StrideW}} - {{geo.PadLeft}}) * {{c}}, ~0u, ~0u, output);
                        }
                        for (; ox < {{geo.OutW}}; ++ox, output += {{c}}) {{border}}(in, iy0, ox * {{geo.StrideW}} - {{geo.PadLeft}}, rm, output);
                    }
                }
            }

            """;
        return new CKernel(code, $"{ctx.FunctionName}({ctx.Pointer(op.Inputs[0])}, {ctx.Pointer(op.Output)});", Name) { Headers = ["edgegen_dsp.h"] };
    }
}
