using System.Text;
using EdgeGen.Ir;
using EdgeGen.Ir.Ops;
using EdgeGen.Numerics.Params;
using EdgeGen.Reference.Kernels;
using EdgeGen.Targets;

namespace EdgeGen.Emit.C.Kernels.Neon;

/// <summary>
/// DEPTHWISE_CONV_2D int8 with NEON. Lanes are output channels (16, then 8); the weights of one
/// channel chunk stay in registers while every output pixel is computed, and taps are multiplied
/// in pairs summed in int16 (smull + smlal, exact while no weight is -128) before widening. The
/// kernel reads a source whose windows never leave it: the input itself, or an arena copy with
/// the input zero point around it (padding) and each input channel repeated for its depth
/// multiplier, channels padded to a multiple of 8. With one input channel the operator is a
/// convolution whose output channels are the multiplier's, and runs as the GEMM of <see cref="NeonConv2D"/>.
/// </summary>
internal static class NeonDepthwiseConv2D
{
    /// <summary>Taps whose weight vectors stay in registers for a whole channel chunk.</summary>
    private const int RegisterTaps = 12;

    public static bool Supports(Graph graph, DepthwiseConv2D op, TargetSpec target) => NeonGemm.Available(target) && NeonGemm.IsInt8(graph, op);

    public static int ScratchBytes(Graph graph, DepthwiseConv2D op, TargetSpec target)
    {
        var s = Source(graph, op);
        return s.Cin == 1 ? NeonConv2D.GemmScratchBytes(target, s.Geo, 1) : StripOffset(s) + StripBytes(s, target);
    }

    /// <summary>With sdot, 16-channel chunks multiply four window rows at once (<see cref="QuadLoop"/>).</summary>
    private static bool UsesQuads(NeonSource s, TargetSpec target) => NeonGemm.UsesDot(target) && s.Channels >= 16;

    private static int Groups(ConvLoop geo) => (geo.FilterH + 3) / 4;

    /// <summary>
    /// Two output rows per strip (<see cref="NeonDepthwiseRowPairs"/>): with stride and dilation 1 in height, the
    /// window rows of rows y and y + 1 are FilterH + 1 consecutive source rows, which fit the groups of four that
    /// row y alone needs unless FilterH is a multiple of 4.
    /// </summary>
    private static bool UsesRowPairs(NeonSource s, TargetSpec target) => UsesQuads(s, target) && RowPairGeometry(s.Geo);

    /// <summary>The last 8-channel chunk (channels not a multiple of 16) also runs on sdot in row pairs, with 32-byte strip columns.</summary>
    private static bool UsesRowPairs8(NeonSource s, TargetSpec target) => NeonGemm.UsesDot(target) && s.Channels % 16 != 0 && RowPairGeometry(s.Geo);

    private static bool RowPairGeometry(ConvLoop geo) => geo.StrideH == 1 && geo.DilationH == 1 && geo.FilterH % 4 != 0 && geo.OutH >= 2;

    /// <summary>The interleaved window rows of one output row: [group][source column][16 channels][4 rows].</summary>
    private static int StripBytes(NeonSource s, TargetSpec target) => UsesQuads(s, target) || UsesRowPairs8(s, target) ? Groups(s.Geo) * s.Width * 64 : 0;

    private static int StripOffset(NeonSource s) => (s.Bytes + 15) / 16 * 16;

    /// <summary>What the kernel reads: channels padded to a multiple of 8, each input channel repeated for the multiplier.</summary>
    private static NeonSource Source(Graph graph, DepthwiseConv2D op) => Source(graph, op, 8);

    /// <summary>What a depthwise kernel reads: channels padded to a multiple of <paramref name="align"/>, each input channel repeated for the multiplier.</summary>
    internal static NeonSource Source(Graph graph, DepthwiseConv2D op, int align)
    {
        var input = graph[op.Inputs[0]].Shape;
        var filter = graph[op.Inputs[1]].Shape;
        var geo = ConvLoop.For(input, filter[1], filter[2], graph[op.Output].Shape, op.Window);
        return NeonSource.For(geo, input[3], op.Multiplier(graph), align);
    }

    public static CKernel Emit(CKernelContext ctx, DepthwiseConv2D op)
    {
        var s = Source(ctx.Graph, op);
        var cout = ctx.OutputTensor.Shape[3];
        var filter = ctx.InputTensor(1).Int8Data.ToArray();
        var rq = ChannelRequantization.For(ctx.InputTensor(0), ctx.InputTensor(1), ctx.OutputTensor, cout, op.Activation);
        var taps = s.Geo.FilterH * s.Geo.FilterW;
        if (s.Cin == 1)
        {
            // filter [1][kh][kw][m] as convolution weights [m][kh][kw][1]
            var weights = new sbyte[filter.Length];
            for (var m = 0; m < cout; m++)
                for (var t = 0; t < taps; t++) weights[m * taps + t] = filter[t * cout + m];
            return NeonConv2D.EmitGemm(ctx, s.Geo, 1, cout, weights, rq);
        }

        var padded = new sbyte[taps * s.Channels];
        for (var t = 0; t < taps; t++) Array.Copy(filter, t * cout, padded, t * s.Channels, cout);
        var sums = Enumerable.Range(0, cout).Select(c => Enumerable.Range(0, taps).Sum(t => (long)filter[t * cout + c])).ToArray();
        var pairs = !filter.Contains(sbyte.MinValue);
        var geo = s.Geo;
        var wide = s.Channels / 16 * 16;
        var code = new StringBuilder();
        var quads = UsesQuads(s, ctx.Target);
        var rowPairs = UsesRowPairs(s, ctx.Target);
        var rowPairs8 = UsesRowPairs8(s, ctx.Target);
        if (quads) code.Append(CFormat.Int8Array(ctx.Symbol("quads"), QuadWeights(filter, geo, cout, 0, wide, 16, rowShift: 0)));
        if (rowPairs) code.Append(CFormat.Int8Array(ctx.Symbol("quads_next"), QuadWeights(filter, geo, cout, 0, wide, 16, rowShift: 1)));
        if (rowPairs8) code.Append(CFormat.Int8Array(ctx.Symbol("quads8"), QuadWeights(filter, geo, cout, wide, s.Channels, 8, rowShift: 0)));
        if (rowPairs8) code.Append(CFormat.Int8Array(ctx.Symbol("quads8_next"), QuadWeights(filter, geo, cout, wide, s.Channels, 8, rowShift: 1)));
        // the multiply-long loops' weights: 16-channel chunks without sdot, 8-channel ones unless all their rows go in pairs
        if ((!quads && wide > 0) || (wide < s.Channels && (!rowPairs8 || geo.OutH % 2 == 1)))
            code.Append(CFormat.Int8Array(ctx.Symbol("weights"), padded));
        code.Append(NeonRequantization.Definitions(ctx, rq, NeonGemm.Bias(ctx), sums, s.Channels));
        code.Append($$"""

            EG_KERNEL void {{ctx.FunctionName}}(const int8_t *{{ctx.Restrict}}input, int8_t *{{ctx.Restrict}}output)
            {
                int b, y, x, c;
            {{s.Declaration(s.Copy ? ctx.ScratchPointer("int8_t") : "", -rq.InputOffset)}}{{(quads || rowPairs8 ? $"    int8_t *const strip = {ctx.ScratchPointer("int8_t")} + {StripOffset(s)};\n" : "")}}
            """);
        foreach (var (from, to, stored) in Chunks(0, wide, 16, cout))
            code.Append(rowPairs ? NeonDepthwiseRowPairs.Loop(ctx, s, cout, from, to, stored, 16, 0) + QuadLoop(ctx, s, cout, from, to, stored, geo.OutH / 2 * 2)
                : quads ? QuadLoop(ctx, s, cout, from, to, stored, 0) : ChunkLoop(ctx, s, cout, from, to, 16, stored, pairs, 0));
        foreach (var (from, to, stored) in Chunks(wide, s.Channels, 8, cout))
            code.Append(rowPairs8 ? NeonDepthwiseRowPairs.Loop(ctx, s, cout, from, to, stored, 8, wide) + ChunkLoop(ctx, s, cout, from, to, 8, stored, pairs, geo.OutH / 2 * 2)
                : ChunkLoop(ctx, s, cout, from, to, 8, stored, pairs, 0));
        code.Append("}\n\n");
        return new CKernel(code.ToString(), $"{ctx.FunctionName}({ctx.Pointer(op.Inputs[0])}, {ctx.Pointer(op.Output)});",
            $"neon-{(quads || rowPairs8 ? "sdot-" : "")}depthwise{(rowPairs || rowPairs8 ? "-row-pairs" : "")}{(s.Copy ? "-padded" : "")}{(pairs || quads ? "" : "-single")}");
    }

    /// <summary>
    /// 16-channel chunks with sdot: for each output row, every group of four window rows is first
    /// interleaved per channel into the arena strip (eg_neon_quads16), so that each tap column of a
    /// group is one 64-byte load and four sdot (4 channels x 4 rows each); taps beyond the filter
    /// height have weight 0.
    /// </summary>
    /// <param name="firstRow">The output rows from this one on (after the row pairs, the last odd row).</param>
    private static string QuadLoop(CKernelContext ctx, NeonSource s, int cout, int from, int to, int stored, int firstRow)
    {
        var geo = s.Geo;
        if (firstRow >= geo.OutH) return "";
        var groups = Groups(geo);
        var vectors = groups * geo.FilterW * 4;
        var inRegisters = vectors <= 16;
        string W(int v) => inRegisters ? $"w{v}" : $"vld1q_s8(wc + {v * 16})";
        var weights = new StringBuilder();
        if (inRegisters)
            for (var v = 0; v < vectors; v++) weights.Append($"        const int8x16_t w{v} = vld1q_s8(wc + {v * 16});\n");
        var strips = Strips(s, geo.FilterH);
        var mac = new StringBuilder();
        for (var g = 0; g < groups; g++)
            for (var kx = 0; kx < geo.FilterW; kx++)
            {
                var v = (g * geo.FilterW + kx) * 4;
                mac.Append($"                    a = eg_neon_dot_quad16(a, q + {(g * s.Width + kx * geo.DilationW) * 64}, {W(v)}, {W(v + 1)}, {W(v + 2)}, {W(v + 3)});\n");
            }
        return $$"""
                for (c = {{from}}; c < {{to}}; c += 16) {
                    const int8_t *wc = {{ctx.Symbol("quads")}} + c * {{vectors}};
                    EG_OPAQUE(wc);
            {{weights}}{{Constants(ctx, 16)}}        for (b = 0; b < {{geo.Batches}}; ++b) {
                        for (y = {{firstRow}}; y < {{geo.OutH}}; ++y) {
                            const int8_t *const p = src + {{s.Window(withX: false)}} + c;
                            int8_t *o = output + (b * {{geo.OutH}} + y) * {{geo.OutW * cout}} + c;
            {{strips}}                for (x = 0; x < {{geo.OutW}}; ++x, o += {{cout}}) {
                                const int8_t *const q = strip + x * {{geo.StrideW * 64}};
                                eg_neon_acc16_t a = eg_neon_acc16_load({{ctx.Symbol("bias")}} + c);
            {{mac}}                    {{Store(ctx, 16, stored, hoisted: true)}}
                            }
                        }
                    }
                }

            """;
    }

    /// <summary>The calls that interleave the first <paramref name="rows"/> window rows of an output row into the strip, four rows per group.</summary>
    internal static string Strips(NeonSource s, int rows, int lanes = 16)
    {
        var strips = new StringBuilder();
        for (var g = 0; g < Groups(s.Geo); g++)
            strips.Append($"                eg_neon_quads{lanes}(strip + {g * s.Width * lanes * 4}, p + {s.Tap(4 * g, 0)}, {s.Tap(1, 0)}, {Math.Min(4, rows - 4 * g)}, {s.Width}, {s.Channels});\n");
        return strips.ToString();
    }

    /// <summary>
    /// The sdot loops load their requantization constants once per channel chunk, before the pixel loops; the
    /// multiply-long loop, whose products need more registers, loads them at each store (hoisted, they spilled).
    /// </summary>
    internal static string Constants(CKernelContext ctx, int lanes) => lanes == 16
        ? $"        const eg_neon_rq16_t r = eg_neon_rq16_load(&{NeonRequantization.Name(ctx)}, c);\n"
        : $"        const eg_neon_rq4_t r0 = eg_neon_rq_load(&{NeonRequantization.Name(ctx)}, c), r1 = eg_neon_rq_load(&{NeonRequantization.Name(ctx)}, c + 4);\n";

    internal static string Store(CKernelContext ctx, int lanes, int stored, bool hoisted, string dst = "o", string acc = "a") => lanes == 16
        ? (hoisted ? "" : $"const eg_neon_rq16_t r = eg_neon_rq16_load(&{NeonRequantization.Name(ctx)}, c);\n                    ")
            + $"eg_neon_store16({dst}, {acc}, &{NeonRequantization.Name(ctx)}, &r, {stored});"
        : hoisted ? $"eg_neon_store8_rq({dst}, {acc}, &{NeonRequantization.Name(ctx)}, r0, r1, {stored});"
        : $"eg_neon_store8({dst}, {acc}, &{NeonRequantization.Name(ctx)}, c, {stored});";

    /// <summary>
    /// Weights for the sdot loops: per chunk of <paramref name="lanes"/> channels, group and tap column, [lanes / 4 vectors][4 channels][4 rows].
    /// With <paramref name="rowShift"/> 1, strip row j holds filter row j - 1: the weights of the second row of a pair.
    /// </summary>
    internal static sbyte[] QuadWeights(sbyte[] filter, ConvLoop geo, int cout, int from, int to, int lanes, int rowShift)
    {
        var groups = Groups(geo);
        var packed = new sbyte[(to - from) * groups * geo.FilterW * 4];
        var i = 0;
        for (var chunk = from; chunk < to; chunk += lanes)
            for (var g = 0; g < groups; g++)
                for (var kx = 0; kx < geo.FilterW; kx++)
                    for (var c = chunk; c < chunk + lanes; c++)
                        for (var j = 0; j < 4; j++)
                        {
                            var ky = 4 * g + j - rowShift;
                            packed[i++] = ky >= 0 && ky < geo.FilterH && c < cout ? filter[(ky * geo.FilterW + kx) * cout + c] : (sbyte)0;
                        }
        return packed;
    }

    /// <summary>
    /// Channel chunks of <paramref name="lanes"/> from <paramref name="from"/> to <paramref name="to"/>, in loops whose
    /// chunks all store the same number of channels (a constant, so the store needs no test): those
    /// inside the output channels, then the one that crosses their end.
    /// </summary>
    private static IEnumerable<(int From, int To, int Stored)> Chunks(int from, int to, int lanes, int cout)
    {
        var full = Math.Clamp(from + (cout - from) / lanes * lanes, from, to);
        if (full > from) yield return (from, full, lanes);
        if (full < to) yield return (full, to, cout - full);
    }

    /// <summary>One loop over channel chunks of <paramref name="lanes"/> (16 or 8) channels, every output pixel inside it.</summary>
    private static string ChunkLoop(CKernelContext ctx, NeonSource s, int cout, int from, int to, int lanes, int stored, bool pairs, int firstRow)
    {
        var geo = s.Geo;
        if (firstRow >= geo.OutH) return "";
        var taps = geo.FilterH * geo.FilterW;
        var q = lanes == 16 ? "q" : "";
        var inRegisters = taps <= RegisterTaps;
        string X(int t) => $"vld1{q}_s8(p + {s.Tap(t / geo.FilterW, t % geo.FilterW)})";
        string W(int t) => inRegisters ? $"w{t}" : $"vld1{q}_s8(wc + {t * s.Channels})";
        var weights = new StringBuilder();
        if (inRegisters)
            for (var t = 0; t < taps; t++) weights.Append($"        const int8x{lanes}_t w{t} = vld1{q}_s8(wc + {t * s.Channels});\n");
        var mac = new StringBuilder();
        var step = pairs ? 2 : 1;
        for (var t = 0; t < taps; t += step)
            mac.Append(t + 1 < taps && pairs
                ? $"                    a = eg_neon_mla_pair{lanes}(a, {X(t)}, {W(t)}, {X(t + 1)}, {W(t + 1)});\n"
                : $"                    a = eg_neon_mla{lanes}(a, {X(t)}, {W(t)});\n");
        return $$"""
                for (c = {{from}}; c < {{to}}; c += {{lanes}}) {
                    const int8_t *wc = {{ctx.Symbol("weights")}} + c;
                    EG_OPAQUE(wc);
            {{weights}}        for (b = 0; b < {{geo.Batches}}; ++b) {
                        for (y = {{firstRow}}; y < {{geo.OutH}}; ++y) {
                            const int8_t *p = src + {{s.Window(withX: false)}} + c;
                            int8_t *o = output + (b * {{geo.OutH}} + y) * {{geo.OutW * cout}} + c;
                            for (x = 0; x < {{geo.OutW}}; ++x, p += {{geo.StrideW * s.Channels}}, o += {{cout}}) {
                                eg_neon_acc{{lanes}}_t a = eg_neon_acc{{lanes}}_load({{ctx.Symbol("bias")}} + c);
            {{mac}}                    {{Store(ctx, lanes, stored, hoisted: false)}}
                            }
                        }
                    }
                }

            """;
    }
}
