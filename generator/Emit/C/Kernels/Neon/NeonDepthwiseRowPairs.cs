using System.Text;

namespace EdgeGen.Emit.C.Kernels.Neon;

/// <summary>
/// The sdot depthwise loop over pairs of output rows (stride and dilation 1 in height): one strip of
/// interleaved window rows holds the FilterH + 1 source rows of rows y and y + 1, so each strip is built and
/// each of its 64-byte columns loaded once for two output pixels; row y multiplies it with the filter
/// (<c>quads</c>, the extra row weighted 0) and row y + 1 with the filter moved down one row (<c>quads_next</c>).
/// Two weight sets do not fit in registers beside two accumulators, so weights are loaded as 64-byte blocks
/// (one instruction each) and the requantization constants stay in registers. An odd last row is left to the
/// one-row loop.
/// </summary>
internal static class NeonDepthwiseRowPairs
{
    public static string Loop(CKernelContext ctx, NeonSource s, int cout, int from, int to, int stored)
    {
        var geo = s.Geo;
        var groups = (geo.FilterH + 3) / 4;
        var vectors = groups * geo.FilterW * 4;
        var strips = NeonDepthwiseConv2D.Strips(s, geo.FilterH + 1);
        var mac = new StringBuilder();
        for (var g = 0; g < groups; g++)
            for (var kx = 0; kx < geo.FilterW; kx++)
            {
                var column = (g * s.Width + kx * geo.DilationW) * 64;
                var w = (g * geo.FilterW + kx) * 64;
                mac.Append($"                    v = vld1q_s8_x4(q + {column});\n");
                mac.Append($"                    a = eg_neon_dot_quad16_w(a, v, wa + {w}); a2 = eg_neon_dot_quad16_w(a2, v, wb + {w});\n");
            }
        var rq = NeonRequantization.Name(ctx);
        return $$"""
                for (c = {{from}}; c < {{to}}; c += 16) {
                    const int8_t *wa = {{ctx.Symbol("quads")}} + c * {{vectors}};
                    const int8_t *wb = {{ctx.Symbol("quads_next")}} + c * {{vectors}};
                    EG_OPAQUE(wa);
                    EG_OPAQUE(wb);
            {{NeonDepthwiseConv2D.Constants(ctx, 16)}}        for (b = 0; b < {{geo.Batches}}; ++b) {
                        for (y = 0; y + 1 < {{geo.OutH}}; y += 2) {
                            const int8_t *const p = src + {{s.Window(withX: false)}} + c;
                            int8_t *o = output + (b * {{geo.OutH}} + y) * {{geo.OutW * cout}} + c;
            {{strips}}                for (x = 0; x < {{geo.OutW}}; ++x, o += {{cout}}) {
                                const int8_t *const q = strip + x * {{geo.StrideW * 64}};
                                eg_neon_acc16_t a = eg_neon_acc16_load({{ctx.Symbol("bias")}} + c), a2 = a;
                                int8x16x4_t v;
            {{mac}}                    eg_neon_store16(o, a, &{{rq}}, &r, {{stored}});
                                eg_neon_store16(o + {{geo.OutW * cout}}, a2, &{{rq}}, &r, {{stored}});
                            }
                        }
                    }
                }

            """;
    }
}
