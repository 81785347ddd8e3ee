using EdgeGen.Ir;
using EdgeGen.Ir.Ops;
using EdgeGen.Numerics.Params;
using EdgeGen.Reference.Kernels;
using EdgeGen.Targets;

namespace EdgeGen.Emit.CSharp.Kernels;

/// <summary>
/// CONV_2D: every loop bound, stride, padding and quantization constant is a literal. int8:
/// pointwise convolutions take one SIMD dot product per pixel and output channel, the others
/// gather each pixel's window into a patch first; int16x8: scalar loops with a 64-bit accumulator.
/// </summary>
public sealed class Conv2DEmitter : CSharpKernelEmitter<Conv2D>
{
    protected override CSharpKernel Emit(CSharpKernelContext ctx, Conv2D op)
    {
        var input = ctx.InputTensor(0);
        var filter = ctx.InputTensor(1);
        var output = ctx.OutputTensor;
        if (input.Type == DataType.Float32) throw new EdgeGenException($"operator #{ctx.Index} CONV_2D: float tensors are not supported by the C# generator");
        var geo = ConvLoop.For(input.Shape, filter.Shape[1], filter.Shape[2], output.Shape, op.Window);
        var cin = input.Shape[3];
        var cout = output.Shape[3];
        var rq = ChannelRequantization.For(input, filter, output, cout, op.Activation);
        var patch = input.Type == DataType.Int8 && !IsPointwise(geo) ? PatchWeights.For(filter) : null;
        var data = new ConvData(ctx, filter, input.Type, rq, 2, "oc", patch?.Values, LayerFolding.Of(ctx.Graph, op));
        var type = CSharpFormat.TypeOf(input.Type);
        if (patch is not null)
        {
            var patchCode = data.Definitions + data.Method("sbyte* input, sbyte* output, sbyte* patch", Patch(geo, cin, cout, patch, rq, data));
            return new CSharpKernel(patchCode, $"{ctx.MethodName}({ctx.Pointer(op.Inputs[0])}, {ctx.Pointer(op.Output)}, {ctx.ScratchPointer("sbyte")});", "simd-dot-patch");
        }
        if (input.Type == DataType.Int8)
            return new CSharpKernel(data.Definitions + data.Method("sbyte* input, sbyte* output", Pointwise(geo, cin, cout, rq, data)), ctx.Call(op.Inputs[0], op.Output), "simd-dot-1x1");
        // int16x8: the portable loops with a 64-bit accumulator, taps in the padding skipped.
        var body = $$"""
            for (int b = 0; b < {{geo.Batches}}; ++b)
            {
                {{type}}* inb = input + b * {{geo.InH * geo.InW * cin}};
                for (int oy = 0; oy < {{geo.OutH}}; ++oy)
                {
                    int iy0 = oy * {{geo.StrideH}} - {{geo.PadTop}};
                    for (int ox = 0; ox < {{geo.OutW}}; ++ox)
                    {
                        int ix0 = ox * {{geo.StrideW}} - {{geo.PadLeft}};
                        sbyte* w = weights;
                        for (int oc = 0; oc < {{cout}}; ++oc)
                        {
                            {{data.Accumulator}} acc = {{data.Bias}};
                            for (int ky = 0; ky < {{geo.FilterH}}; ++ky)
                            {
                                int iy = iy0 + ky * {{geo.DilationH}};
                                for (int kx = 0; kx < {{geo.FilterW}}; ++kx, w += {{cin}})
                                {
                                    int ix = ix0 + kx * {{geo.DilationW}};
                                    if ((uint)iy >= {{geo.InH}} || (uint)ix >= {{geo.InW}}) continue;
                                    {{type}}* x = inb + (iy * {{geo.InW}} + ix) * {{cin}};
                                    for (int ic = 0; ic < {{cin}}; ++ic) acc += ({{data.Accumulator}})(x[ic] + {{rq.InputOffset}}) * w[ic];
                                }
                            }
                            *output++ = ({{type}}){{data.Requantized("acc", "oc")}};
                        }
                    }
                }
            }
            """;
        var code = data.Definitions + data.Method($"{type}* input, {type}* output", body);
        return new CSharpKernel(code, ctx.Call(op.Inputs[0], op.Output), "generic");
    }

    /// <summary>1x1, stride 1, no padding (pointwise): every pixel's channels are one dot product per output channel.</summary>
    private static string Pointwise(ConvLoop geo, int cin, int cout, ChannelRequantization rq, ConvData data) => (cin >= 8 ? ConvData.OffsetVector(rq.InputOffset) + "\n" : "") + $$"""
        for (int p = 0; p < {{geo.Batches * geo.OutH * geo.OutW}}; ++p)
        {
            sbyte* x = input + p * {{cin}};
            sbyte* w = weights;
            for (int oc = 0; oc < {{cout}}; ++oc, w += {{cin}})
            {
                int acc = {{data.Bias}} + {{ConvData.DotInt8("x", "w", cin, rq.InputOffset)}};
                *output++ = (sbyte){{data.Requantized("acc", "oc")}};
            }
        }
        """;

    /// <summary>
    /// Any other int8 convolution: the output pixel's input window is gathered into the scratch
    /// patch in the filter's (ky, kx, ic) order (whole filter rows at once where they lie inside
    /// the input), padded taps filled with the input zero point so that (x - zero point) = 0 adds
    /// exactly nothing, as TFLite's skipped taps do; then each output channel is one dot product
    /// with its weight row, zero-padded to a multiple of 8 (<see cref="PatchWeights"/>).
    /// </summary>
    private static string Patch(ConvLoop geo, int cin, int cout, PatchWeights layout, ChannelRequantization rq, ConvData data)
    {
        var rowBytes = geo.FilterW * cin;
        var zp = -rq.InputOffset;
        // Inserted at column 16 of the body below, before the per-tap loop.
        var pad = new string(' ', 16);
        var insideRow = geo.DilationW == 1
            ? $"if (inside)\n{pad}{{\n{pad}    Unsafe.CopyBlockUnaligned(p, row, {rowBytes});\n{pad}    continue;\n{pad}}}\n{pad}"
            : "";
        var inside = geo.DilationW == 1 ? $"\n            bool inside = ix0 >= 0 && ix0 + {geo.FilterW} <= {geo.InW};" : "";
        return $$"""
            {{ConvData.OffsetVector(rq.InputOffset)}}
            for (int b = 0; b < {{geo.Batches}}; ++b)
            {
                sbyte* inb = input + b * {{geo.InH * geo.InW * cin}};
                for (int oy = 0; oy < {{geo.OutH}}; ++oy)
                {
                    int iy0 = oy * {{geo.StrideH}} - {{geo.PadTop}};
                    for (int ox = 0; ox < {{geo.OutW}}; ++ox)
                    {
                        int ix0 = ox * {{geo.StrideW}} - {{geo.PadLeft}};{{inside}}
                        sbyte* p = patch;
                        for (int ky = 0; ky < {{geo.FilterH}}; ++ky, p += {{rowBytes}})
                        {
                            int iy = iy0 + ky * {{geo.DilationH}};
                            if ((uint)iy >= {{geo.InH}})
                            {
                                Unsafe.InitBlockUnaligned(p, unchecked((byte){{zp}}), {{rowBytes}});
                                continue;
                            }
                            sbyte* row = inb + (iy * {{geo.InW}} + ix0) * {{cin}};
                            {{insideRow}}for (int kx = 0; kx < {{geo.FilterW}}; ++kx)
                            {
                                if ((uint)(ix0 + kx * {{geo.DilationW}}) < {{geo.InW}}) Unsafe.CopyBlockUnaligned(p + kx * {{cin}}, row + kx * {{geo.DilationW * cin}}, {{cin}});
                                else Unsafe.InitBlockUnaligned(p + kx * {{cin}}, unchecked((byte){{zp}}), {{cin}});
                            }
                        }
                        sbyte* w = weights;
                        for (int oc = 0; oc < {{cout}}; ++oc, w += {{layout.RowLength}})
                        {
                            int acc = {{data.Bias}} + {{ConvData.DotInt8("patch", "w", layout.RowLength, rq.InputOffset)}};
                            *output++ = (sbyte){{data.Requantized("acc", "oc")}};
                        }
                    }
                }
            }
            """;
    }

    private static bool IsPointwise(ConvLoop geo) =>
        geo.FilterH == 1 && geo.FilterW == 1 && geo.StrideH == 1 && geo.StrideW == 1 && geo.PadTop == 0 && geo.PadLeft == 0;

    private static ConvLoop Geometry(Graph g, Conv2D op) =>
        ConvLoop.For(g[op.Inputs[0]].Shape, g[op.Inputs[1]].Shape[1], g[op.Inputs[1]].Shape[2], g[op.Output].Shape, op.Window);

    /// <summary>The patch of a gathered int8 convolution (a weight row's length); nothing for the others.</summary>
    public override int ScratchBytes(Graph graph, Conv2D op, TargetSpec target) =>
        graph[op.Inputs[0]].Type == DataType.Int8 && !IsPointwise(Geometry(graph, op)) ? PatchWeights.For(graph[op.Inputs[1]]).RowLength : 0;
}
