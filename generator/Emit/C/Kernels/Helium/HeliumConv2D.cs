using EdgeGen.Emit.C.Kernels.Neon;
using EdgeGen.Ir;
using EdgeGen.Ir.Ops;
using EdgeGen.Numerics.Params;
using EdgeGen.Reference.Kernels;
using EdgeGen.Targets;

namespace EdgeGen.Emit.C.Kernels.Helium;

/// <summary>
/// CONV_2D int8 with Helium (MVE): per output pixel a matrix-vector product over K = filter height x width x input
/// channels (<see cref="HeliumMatrix"/>). A 1x1 convolution reads each pixel's input channels in place (pointwise,
/// any stride); any other convolution first gathers the pixel's window into an arena row (im2col), from the input
/// or, where windows reach the padding, from a copy with the input zero point around it (<see cref="NeonSource"/>).
/// </summary>
public sealed class HeliumConv2D : CKernelVariant<Conv2D>
{
    public override string Name => "helium";

    public override bool Applies(Graph graph, Conv2D op, TargetSpec target) => HeliumMatrix.Supports(graph, op, target);

    public override long EstimatedInstructions(Graph graph, Conv2D op, TargetSpec target)
    {
        var (geo, cin, cout) = Geometry(graph, op);
        var k = geo.FilterH * geo.FilterW * cin;
        var pixels = (long)geo.Batches * geo.OutH * geo.OutW;
        // im2col: per filter row (or tap) a vector copy, two instructions per 16 bytes and a predicated rest
        var gather = Pointwise(geo) ? 0 : (geo.DilationW == 1 ? geo.FilterH : geo.FilterH * geo.FilterW) * 6L + k / 8;
        return pixels * (HeliumMatrix.RowInstructions(k, cout) + gather + 8) + Source(geo, cin).Bytes / 4;
    }

    public override int ScratchBytes(Graph graph, Conv2D op, TargetSpec target)
    {
        var (geo, cin, _) = Geometry(graph, op);
        return Pointwise(geo) ? 0 : RowBytes(geo, cin) + Source(geo, cin).Bytes;
    }

    private static (ConvLoop Geo, int Cin, int Cout) Geometry(Graph graph, Conv2D op)
    {
        var input = graph[op.Inputs[0]].Shape;
        var filter = graph[op.Inputs[1]].Shape;
        var output = graph[op.Output].Shape;
        return (ConvLoop.For(input, filter[1], filter[2], output, op.Window), input[3], output[3]);
    }

    /// <summary>A 1x1 window never reaches the padding: the input channels of the pixel are its row.</summary>
    private static bool Pointwise(ConvLoop geo) => geo.FilterH == 1 && geo.FilterW == 1;

    private static NeonSource Source(ConvLoop geo, int cin) => NeonSource.For(geo, cin, 1, 1);

    /// <summary>The im2col row, rounded up to whole words so the padded source after it is aligned.</summary>
    private static int RowBytes(ConvLoop geo, int cin) => (geo.FilterH * geo.FilterW * cin + 15) / 16 * 16;

    protected override CKernel Emit(CKernelContext ctx, Conv2D op)
    {
        var (geo, cin, cout) = Geometry(ctx.Graph, op);
        var input = ctx.InputTensor(0);
        var filter = ctx.InputTensor(1);
        var rq = ChannelRequantization.For(input, filter, ctx.OutputTensor, cout, op.Activation);
        var k = geo.FilterH * geo.FilterW * cin;
        var matrix = new HeliumMatrix(ctx, filter.Int8Data.ToArray(), cout, k, NeonGemm.Bias(ctx), rq);
        var pointwise = Pointwise(geo);
        var source = pointwise ? new NeonSource(geo, cin, 1, cin, geo.InH, geo.InW, false) : Source(geo, cin);
        string setup, row;
        if (pointwise)
        {
            setup = "";
            row = $"{matrix.GemvCall($"input + {source.Window()}", "out")};";
        }
        else
        {
            var scratch = ctx.ScratchPointer("int8_t");
            setup = source.Declaration($"{scratch} + {RowBytes(geo, cin)}", -rq.InputOffset) + $"    int8_t *const col = {scratch};\n";
            row = $$"""
                {
                                int8_t *const d = col;
                                const int8_t *const s = src + {{source.Window()}};
                {{NeonConv2D.Gather(geo, cin, source, "eg_mve_copy")}}
                                {{matrix.GemvCall("col", "out")}};
                            }
                """;
        }
        var code = $$"""
            {{matrix.Definitions()}}
            EG_KERNEL void {{ctx.FunctionName}}(const int8_t *{{ctx.Restrict}}input, int8_t *{{ctx.Restrict}}output)
            {
                int8_t *out = output;
                int b, y, x;
            {{setup}}    for (b = 0; b < {{geo.Batches}}; ++b) {
                    for (y = 0; y < {{geo.OutH}}; ++y) {
                        for (x = 0; x < {{geo.OutW}}; ++x, out += {{cout}}) {
                            {{row}}
                        }
                    }
                }
            }

            """;
        return new CKernel(code, $"{ctx.FunctionName}({ctx.Pointer(op.Inputs[0])}, {ctx.Pointer(op.Output)});",
            pointwise ? "helium-pointwise" : "helium-im2col") { Headers = ["edgegen_mve.h"] };
    }
}
