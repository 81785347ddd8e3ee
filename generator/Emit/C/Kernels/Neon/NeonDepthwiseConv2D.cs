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
        return s.Cin == 1 ? NeonConv2D.GemmScratchBytes(target, s.Geo, 1) : s.Bytes;
    }

    /// <summary>What the kernel reads: channels padded to a multiple of 8, each input channel repeated for the multiplier.</summary>
    private static NeonSource Source(Graph graph, DepthwiseConv2D op)
    {
        var input = graph[op.Inputs[0]].Shape;
        var filter = graph[op.Inputs[1]].Shape;
        var geo = ConvLoop.For(input, filter[1], filter[2], graph[op.Output].Shape, op.Window);
        return NeonSource.For(geo, input[3], op.Multiplier(graph), 8);
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
        code.Append(CFormat.Int8Array(ctx.Symbol("weights"), padded));
        code.Append(NeonRequantization.Definitions(ctx, rq, NeonGemm.Bias(ctx), sums, s.Channels));
        code.Append($$"""

            static void {{ctx.FunctionName}}(const int8_t *{{ctx.Restrict}}input, int8_t *{{ctx.Restrict}}output)
            {
                int b, y, x, c;
            {{s.Declaration(s.Copy ? ctx.ScratchPointer("int8_t") : "", -rq.InputOffset)}}
            """);
        if (wide > 0) code.Append(ChunkLoop(ctx, s, cout, 0, wide, 16, pairs));
        if (wide < s.Channels) code.Append(ChunkLoop(ctx, s, cout, wide, s.Channels, 8, pairs));
        code.Append("}\n\n");
        return new CKernel(code.ToString(), $"{ctx.FunctionName}({ctx.Pointer(op.Inputs[0])}, {ctx.Pointer(op.Output)});",
            $"neon-depthwise{(s.Copy ? "-padded" : "")}{(pairs ? "" : "-single")}");
    }

    /// <summary>One loop over channel chunks of <paramref name="lanes"/> (16 or 8) channels, every output pixel inside it.</summary>
    private static string ChunkLoop(CKernelContext ctx, NeonSource s, int cout, int from, int to, int lanes, bool pairs)
    {
        var geo = s.Geo;
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
                    const int n = {{cout}} - c < {{lanes}} ? {{cout}} - c : {{lanes}};
                    EG_OPAQUE(wc);
            {{weights}}        for (b = 0; b < {{geo.Batches}}; ++b) {
                        for (y = 0; y < {{geo.OutH}}; ++y) {
                            const int8_t *p = src + {{s.Window(withX: false)}} + c;
                            int8_t *o = output + (b * {{geo.OutH}} + y) * {{geo.OutW * cout}} + c;
                            for (x = 0; x < {{geo.OutW}}; ++x, p += {{geo.StrideW * s.Channels}}, o += {{cout}}) {
                                eg_neon_acc{{lanes}}_t a = eg_neon_acc{{lanes}}_load({{ctx.Symbol("bias")}} + c);
            {{mac}}                    eg_neon_store{{lanes}}(o, a, &{{NeonRequantization.Name(ctx)}}, c, n);
                            }
                        }
                    }
                }

            """;
    }
}
