using System.Text;
using EdgeGen.Emit.C.Kernels.Neon;
using EdgeGen.Ir;
using EdgeGen.Ir.Ops;
using EdgeGen.Numerics.Params;
using EdgeGen.Targets;

namespace EdgeGen.Emit.C.Kernels.Helium;

/// <summary>
/// DEPTHWISE_CONV_2D int8 with Helium (MVE). MVE has no vector-by-vector integer multiply-accumulate, but it has
/// one by a scalar (VMLA.S32) and gather loads, so lanes are four neighbouring output pixels of one channel: per
/// tap one VLDRB.S32 gather (offsets a stride of pixels apart) and one VMLA by the tap's weight, which stays in a
/// register while the channel runs over the whole output (channels are the outer loop, so each channel's weights
/// and constants are loaded once); the four results are requantized together and stored by
/// a scatter of bytes a pixel apart. The last pixels of a row (width not a multiple of 4) use the predicated
/// forms (VCTP). The kernel reads a source whose windows never leave it: the input itself, or an arena copy with
/// the input zero point around it (padding, <see cref="NeonSource"/>); with a depth multiplier m, output channel c
/// reads input channel c / m. The input offset is folded into the bias.
/// </summary>
public sealed class HeliumDepthwiseConv2D : CKernelVariant<DepthwiseConv2D>
{
    public override string Name => "helium";

    /// <summary>The largest table of pixel offsets (16 bytes per group of 4 output pixels) worth its flash.</summary>
    private const int FlatTableBytes = 4096;

    /// <summary>Lanes across rows (a table of offsets) where rows would leave lanes idle and the table is small.</summary>
    private static bool Flat(Reference.Kernels.ConvLoop geo) => geo.OutW % 4 != 0 && (geo.OutH * geo.OutW + 3) / 4 * 16 <= FlatTableBytes;

    public override bool Applies(Graph graph, DepthwiseConv2D op, TargetSpec target) => HeliumMatrix.Supports(graph, op, target);

    /// <summary>Per 4 pixels of a channel three instructions per tap (address, gather, VMLA) plus the requantization and store; per channel its weights and constants.</summary>
    public override long EstimatedInstructions(Graph graph, DepthwiseConv2D op, TargetSpec target)
    {
        var s = Source(graph, op);
        var geo = s.Geo;
        var taps = (long)geo.FilterH * geo.FilterW;
        var cout = (long)graph[op.Output].Shape[3];
        // groups of 4 pixels per channel: along each row, or across rows with one more load for the offsets
        var groups = Flat(geo) ? (geo.OutH * geo.OutW + 3) / 4 * (3 * taps + 15) : geo.OutH * ((geo.OutW + 3) / 4 * (3 * taps + 14) + 6);
        return geo.Batches * cout * (groups + taps + 12) + s.Bytes / 4;
    }

    public override int ScratchBytes(Graph graph, DepthwiseConv2D op, TargetSpec target) => Source(graph, op).Bytes;

    /// <summary>The input, or its copy with the zero point around it; output channel c reads input channel c / multiplier in place.</summary>
    private static NeonSource Source(Graph graph, DepthwiseConv2D op)
    {
        var s = NeonDepthwiseConv2D.Source(graph, op, 1);
        return NeonSource.For(s.Geo, s.Cin, 1, 1);
    }

    protected override CKernel Emit(CKernelContext ctx, DepthwiseConv2D op)
    {
        var s = Source(ctx.Graph, op);
        var multiplier = op.Multiplier(ctx.Graph);
        var geo = s.Geo;
        var cout = ctx.OutputTensor.Shape[3];
        var taps = geo.FilterH * geo.FilterW;
        var filter = ctx.InputTensor(1).Int8Data.ToArray();
        var rq = ChannelRequantization.For(ctx.InputTensor(0), ctx.InputTensor(1), ctx.OutputTensor, cout, op.Activation);
        // [channel][tap], so one channel's weights are adjacent
        var weights = new sbyte[taps * cout];
        for (var c = 0; c < cout; c++)
            for (var t = 0; t < taps; t++) weights[c * taps + t] = filter[t * cout + c];
        var sums = Enumerable.Range(0, cout).Select(c => Enumerable.Range(0, taps).Sum(t => (long)filter[t * cout + c])).ToArray();
        var rqName = NeonRequantization.Name(ctx);
        var hasLeft = rq.Shifts.Any(v => v > 0);

        var loadWeights = new StringBuilder();
        for (var t = 0; t < taps; t++) loadWeights.Append($"            const int32_t w{t} = wc[{t}];\n");
        // With a width that is not a multiple of 4 and a small output, lanes run over the output pixels in row-major
        // order across rows (their window offsets from a table, one vector load per group), so no lane idles at
        // the end of each row; otherwise over the pixels of one row (offsets a stride apart).
        var pixels = geo.OutH * geo.OutW;
        var flat = Flat(geo);
        string Taps(string offsets, bool predicated)
        {
            var code = new StringBuilder();
            for (var t = 0; t < taps; t++)
            {
                var at = $"q + {s.Tap(t / geo.FilterW, t % geo.FilterW)}";
                var load = predicated ? $"vldrbq_gather_offset_z_s32({at}, {offsets}, last)" : $"vldrbq_gather_offset_s32({at}, {offsets})";
                code.Append($"                    a = vmlaq_n_s32(a, {load}, w{t});\n");
            }
            return code.ToString();
        }
        // One group of 4 pixels: q is their base in the source, out the first one's output.
        string Block(string q, string offsets, string output, bool predicated) => $$"""
                    {
                        const int8_t *const q = {{q}};
                        int32x4_t a = vdupq_n_s32(bias);
            {{Taps(offsets, predicated)}}                    a = eg_mve_requantize_n(a, multiplier, left, right, &{{rqName}});
                        {{(predicated ? $"vstrbq_scatter_offset_p_s32({output}, out_offs, a, last)" : $"vstrbq_scatter_offset_s32({output}, out_offs, a)")}};
                    }
            """;
        string Tail(int count, string q, string offsets, string output) => $$"""
                            {
                                const mve_pred16_t last = vctp32q({{count}});
                {{Block(q, offsets, output, true)}}
                            }

                """;
        var table = ctx.Symbol("pixels");
        var channel = multiplier == 1 ? "c" : $"c / {multiplier}";
        string loops;
        if (flat)
        {
            var whole = pixels / 4 * 4;
            var tail = whole == pixels ? "" : Tail(pixels - whole, "p", $"vldrwq_u32({table} + {whole})", $"o + {whole * cout}");
            loops = $$"""
                            const int8_t *const p = src + b * {{s.Height * s.Width * s.Channels}} + {{channel}};
                            int8_t *const o = output + b * {{pixels * cout}} + c;
                            for (x = 0; x < {{whole}}; x += 4)
                {{Block("p", $"vldrwq_u32({table} + x)", $"o + x * {cout}", false)}}
                {{tail}}
                """;
        }
        else
        {
            var whole = geo.OutW / 4 * 4;
            var q = $"p + x * {geo.StrideW * s.Channels}";
            var tail = whole == geo.OutW ? "" : "                x = " + whole + ";\n" + Tail(geo.OutW - whole, q, "in_offs", $"o + x * {cout}");
            loops = $$"""
                            for (y = 0; y < {{geo.OutH}}; ++y) {
                                const int8_t *const p = src + {{s.Window(withX: false)}} + {{channel}};
                                int8_t *const o = output + (b * {{geo.OutH}} + y) * {{geo.OutW * cout}} + c;
                                for (x = 0; x < {{whole}}; x += 4)
                {{Block(q, "in_offs", $"o + x * {cout}", false)}}
                {{tail}}            }
                """;
        }
        var offsets = flat
            ? CFormat.Array("uint32_t", table, Enumerable.Range(0, (pixels + 3) / 4 * 4)
                .Select(i => i < pixels ? (i / geo.OutW * geo.StrideH * s.Width + i % geo.OutW * geo.StrideW) * s.Channels : 0).ToArray(), v => $"{v}u")
            : "";
        var code = $$"""
            {{CFormat.Int8Array(ctx.Symbol("weights"), weights)}}{{offsets}}{{NeonRequantization.Definitions(ctx, rq, NeonGemm.Bias(ctx), sums, (cout + 3) / 4 * 4, "eg_mve_rq_t")}}
            EG_KERNEL void {{ctx.FunctionName}}(const int8_t *{{ctx.Restrict}}input, int8_t *{{ctx.Restrict}}output)
            {
                int b, x, c{{(flat && !s.Copy ? "" : ", y")}};
            {{(flat ? "" : $"    const uint32x4_t in_offs = vmulq_n_u32(vidupq_n_u32(0, 1), {geo.StrideW * s.Channels});\n")}}
                const uint32x4_t out_offs = vmulq_n_u32(vidupq_n_u32(0, 1), {{cout}});
            {{s.Declaration(s.Copy ? ctx.ScratchPointer("int8_t") : "", -rq.InputOffset)}}    for (b = 0; b < {{geo.Batches}}; ++b) {
                    for (c = 0; c < {{cout}}; ++c) {
                        const int8_t *const wc = {{ctx.Symbol("weights")}} + c * {{taps}};
                        const int32_t bias = {{ctx.Symbol("bias")}}[c], multiplier = {{ctx.Symbol("multiplier")}}[c];
                        const int32_t left = {{(hasLeft ? ctx.Symbol("left") + "[c]" : "0")}}, right = {{ctx.Symbol("right")}}[c];
            {{loadWeights}}{{loops}}
                    }
                }
            }

            """;
        return new CKernel(code, $"{ctx.FunctionName}({ctx.Pointer(op.Inputs[0])}, {ctx.Pointer(op.Output)});",
            $"helium-depthwise{(s.Copy ? "-padded" : "")}") { Headers = ["edgegen_mve.h"] };
    }
}
