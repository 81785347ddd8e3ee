using System.Text;

namespace EdgeGen.Emit.C.Kernels.Neon;

/// <summary>
/// The sdot depthwise loop over pairs of output rows (stride and dilation 1 in height): one strip of
/// interleaved window rows holds the FilterH + 1 source rows of rows y and y + 1, so each strip is built and
/// each of its columns loaded once for two output pixels; row y multiplies it with the filter (<c>quads</c>,
/// the extra row weighted 0) and row y + 1 with the filter moved down one row (<c>quads_next</c>). Two weight
/// sets do not fit in registers beside two accumulators, so weights are loaded as whole blocks (one
/// instruction each) and the requantization constants stay in registers. Chunks are 16 channels (64-byte
/// strip columns) or a last 8 (32 bytes). An odd last row is left to the one-row loops.
/// </summary>
internal static class NeonDepthwiseRowPairs
{
    /// <param name="arrayStart">The first channel of the chunks the weight arrays hold.</param>
    public static string Loop(CKernelContext ctx, NeonSource s, int cout, int from, int to, int stored, int lanes, int arrayStart)
    {
        var geo = s.Geo;
        var groups = (geo.FilterH + 3) / 4;
        var vectors = groups * geo.FilterW * 4;
        var bytes = lanes * 4;
        var (vectorType, load, suffix) = lanes == 16 ? ("int8x16x4_t", "vld1q_s8_x4", "") : ("int8x16x2_t", "vld1q_s8_x2", "8");
        var strips = NeonDepthwiseConv2D.Strips(s, geo.FilterH + 1, lanes);
        var mac = new StringBuilder();
        for (var g = 0; g < groups; g++)
            for (var kx = 0; kx < geo.FilterW; kx++)
            {
                var column = (g * s.Width + kx * geo.DilationW) * bytes;
                var w = (g * geo.FilterW + kx) * bytes;
                mac.Append($"                    v = {load}(q + {column});\n");
                mac.Append($"                    a = eg_neon_dot_quad{lanes}_w(a, v, wa + {w}); a2 = eg_neon_dot_quad{lanes}_w(a2, v, wb + {w});\n");
            }
        var chunk = arrayStart == 0 ? "c" : $"(c - {arrayStart})";
        return $$"""
                for (c = {{from}}; c < {{to}}; c += {{lanes}}) {
                    const int8_t *wa = {{ctx.Symbol("quads" + suffix)}} + {{chunk}} * {{vectors}};
                    const int8_t *wb = {{ctx.Symbol("quads" + suffix + "_next")}} + {{chunk}} * {{vectors}};
                    EG_OPAQUE(wa);
                    EG_OPAQUE(wb);
            {{NeonDepthwiseConv2D.Constants(ctx, lanes)}}        for (b = 0; b < {{geo.Batches}}; ++b) {
                        for (y = 0; y + 1 < {{geo.OutH}}; y += 2) {
                            const int8_t *const p = src + {{s.Window(withX: false)}} + c;
                            int8_t *o = output + (b * {{geo.OutH}} + y) * {{geo.OutW * cout}} + c;
            {{strips}}                for (x = 0; x < {{geo.OutW}}; ++x, o += {{cout}}) {
                                const int8_t *const q = strip + x * {{geo.StrideW * bytes}};
                                eg_neon_acc{{lanes}}_t a = eg_neon_acc{{lanes}}_load({{ctx.Symbol("bias")}} + c), a2 = a;
                                {{vectorType}} v;
            {{mac}}                    {{NeonDepthwiseConv2D.Store(ctx, lanes, stored, hoisted: true)}}
                                {{NeonDepthwiseConv2D.Store(ctx, lanes, stored, hoisted: true, $"o + {geo.OutW * cout}", "a2")}}
                            }
                        }
                    }
                }

            """;
    }
}
