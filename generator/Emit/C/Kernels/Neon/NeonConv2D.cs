using EdgeGen.Ir;
using EdgeGen.Ir.Ops;
using EdgeGen.Numerics.Params;
using EdgeGen.Reference.Kernels;
using EdgeGen.Targets;

namespace EdgeGen.Emit.C.Kernels.Neon;

/// <summary>
/// CONV_2D int8 with NEON: a matrix product of output pixels (rows) by output channels over
/// K = filter height x width x input channels (see <see cref="NeonGemm"/>). A 1x1 convolution whose
/// input channels are a multiple of 4 reads its rows straight from the input (pointwise, any
/// stride); any other convolution first gathers each pixel's window into an arena row (im2col)
/// from the input, or from a copy with the input zero point around it where windows reach the
/// padding (<see cref="NeonSource"/>).
/// </summary>
internal static class NeonConv2D
{
    public static bool Supports(Graph graph, Conv2D op, TargetSpec target) => NeonGemm.Available(target) && NeonGemm.IsInt8(graph, op);

    public static int ScratchBytes(Graph graph, Conv2D op, TargetSpec target)
    {
        var input = graph[op.Inputs[0]].Shape;
        var filter = graph[op.Inputs[1]].Shape;
        return GemmScratchBytes(target, ConvLoop.For(input, filter[1], filter[2], graph[op.Output].Shape, op.Window), input[3]);
    }

    /// <summary>The im2col rows of one tile and, where windows reach the padding, the padded input (none for a pointwise convolution).</summary>
    public static int GemmScratchBytes(TargetSpec target, ConvLoop geo, int cin) =>
        IsPointwise(geo, cin) ? 0 : ColumnBytes(target, geo, cin) + NeonSource.For(geo, cin, 1, 1).Bytes;

    private static int ColumnBytes(TargetSpec target, ConvLoop geo, int cin) =>
        (NeonGemm.TileRows(target) * NeonGemm.PaddedK(geo.FilterH * geo.FilterW * cin) + 15) / 16 * 16;

    /// <summary>1x1 with input channels a multiple of 4: the input rows are the GEMM rows (a 1x1 window never reaches the padding).</summary>
    private static bool IsPointwise(ConvLoop geo, int cin) => geo.FilterH == 1 && geo.FilterW == 1 && cin % 4 == 0;

    public static CKernel Emit(CKernelContext ctx, Conv2D op)
    {
        var input = ctx.InputTensor(0);
        var filter = ctx.InputTensor(1);
        var output = ctx.OutputTensor;
        var geo = ConvLoop.For(input.Shape, filter.Shape[1], filter.Shape[2], output.Shape, op.Window);
        var rq = ChannelRequantization.For(input, filter, output, output.Shape[3], op.Activation);
        return EmitGemm(ctx, geo, input.Shape[3], output.Shape[3], filter.Int8Data.ToArray(), rq);
    }

    /// <summary>
    /// A convolution as a GEMM over output pixels: <paramref name="weights"/> is [cout][filter height][filter width][cin].
    /// Also serves DEPTHWISE_CONV_2D with one input channel (a convolution with cout = the depth multiplier).
    /// </summary>
    public static CKernel EmitGemm(CKernelContext ctx, ConvLoop geo, int cin, int cout, sbyte[] weights, ChannelRequantization rq)
    {
        var k = geo.FilterH * geo.FilterW * cin;
        var gemm = new NeonGemm(ctx, weights, cout, k, NeonGemm.Bias(ctx), rq);
        var tile = NeonGemm.TileRows(ctx.Target);
        var pointwise = IsPointwise(geo, cin);
        var source = NeonSource.For(geo, cin, 1, 1);
        var pixels = geo.Batches * geo.OutH * geo.OutW;
        var window = source.Window();
        string setup, fill;
        if (pointwise)
        {
            setup = $"    for (r = 0; r < {tile}; ++r) rows[r] = input; /* rows past the last pixel are read, not stored */\n";
            fill = $"rows[r] = input + {window};";
        }
        else
        {
            var scratch = ctx.ScratchPointer("int8_t");
            setup = source.Declaration($"{scratch} + {ColumnBytes(ctx.Target, geo, cin)}", -rq.InputOffset) + $$"""
                    int8_t *const col = {{scratch}};
                    for (r = 0; r < {{tile}}; ++r) rows[r] = col + r * {{gemm.KPadded}};
                {{(gemm.KPadded > k ? $"    memset(col, 0, {tile * gemm.KPadded}); /* K padding: zero weights there */\n" : "")}}
                """;
            fill = $"int8_t *const d = col + r * {gemm.KPadded};\n                const int8_t *const s = src + {window};\n{Gather(geo, cin, source)}";
        }
        // The last, partial tile: a constant row count lets the inlined kernel drop the rows it does not store.
        var rest = pixels % tile;
        var tail = rest == 0 ? "" : $"    {gemm.GemmCall("rows", $"{rest}", "out", $"{cout}")}; /* the last {rest} pixels */\n";
        var code = $$"""
            {{gemm.Definitions()}}
            EG_KERNEL void {{ctx.FunctionName}}(const int8_t *{{ctx.Restrict}}input, int8_t *{{ctx.Restrict}}output)
            {
                const int8_t *rows[{{tile}}];
                int8_t *out = output;
                int b, y, x, r;
            {{setup}}    for (b = 0, r = 0; b < {{geo.Batches}}; ++b) {
                    for (y = 0; y < {{geo.OutH}}; ++y) {
                        for (x = 0; x < {{geo.OutW}}; ++x) {
                            {{fill}}
                            if (++r == {{tile}}) {
                                {{gemm.GemmCall("rows", $"{tile}", "out", $"{cout}")}};
                                out += {{tile * cout}};
                                r = 0;
                            }
                        }
                    }
                }
            {{tail}}}

            """;
        return new CKernel(code, $"{ctx.FunctionName}({ctx.Pointer(ctx.Op.Inputs[0])}, {ctx.Pointer(ctx.Op.Output)});",
            $"neon-{gemm.Kind}-{(pointwise ? "pointwise" : "im2col")}");
    }

    /// <summary>
    /// The copies of one pixel's window from its origin s in the source into its row d, one memcpy of a
    /// constant size per contiguous run (a filter row when the dilation across is 1), unrolled.
    /// </summary>
    /// <param name="copy">The C copy function (memcpy; the Helium kernel passes its vector copy).</param>
    internal static string Gather(ConvLoop geo, int cin, NeonSource source, string copy = "memcpy")
    {
        var runs = geo.DilationW == 1
            ? Enumerable.Range(0, geo.FilterH).Select(ky => (Row: ky * geo.FilterW * cin, Source: source.Tap(ky, 0), Bytes: geo.FilterW * cin))
            : Enumerable.Range(0, geo.FilterH * geo.FilterW).Select(t => (Row: t * cin, Source: source.Tap(t / geo.FilterW, t % geo.FilterW), Bytes: cin));
        return string.Join("\n", runs.Select(run => $"                {copy}(d + {run.Row}, s + {run.Source}, {run.Bytes});"));
    }
}
