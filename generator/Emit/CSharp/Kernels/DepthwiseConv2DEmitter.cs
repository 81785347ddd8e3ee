using EdgeGen.Ir;
using EdgeGen.Ir.Ops;
using EdgeGen.Numerics.Params;
using EdgeGen.Reference.Kernels;

namespace EdgeGen.Emit.CSharp.Kernels;

/// <summary>DEPTHWISE_CONV_2D with all geometry and quantization as literals; output channel ic*M+m reads input channel ic.</summary>
public sealed class DepthwiseConv2DEmitter : CSharpKernelEmitter<DepthwiseConv2D>
{
    protected override CSharpKernel Emit(CSharpKernelContext ctx, DepthwiseConv2D op)
    {
        var input = ctx.InputTensor(0);
        var filter = ctx.InputTensor(1);
        var output = ctx.OutputTensor;
        if (input.Type == DataType.Float32) throw new EdgeGenException($"operator #{ctx.Index} DEPTHWISE_CONV_2D: float tensors are not supported by the C# generator");
        var geo = ConvLoop.For(input.Shape, filter.Shape[1], filter.Shape[2], output.Shape, op.Window);
        var cin = input.Shape[3];
        var cout = output.Shape[3];
        var m = op.Multiplier(ctx.Graph);
        var rq = ChannelRequantization.For(input, filter, output, cout, op.Activation);
        var data = new ConvData(ctx, filter, input.Type, rq, 2, "oc", fast: LayerFolding.Of(ctx.Graph, op));
        var type = CSharpFormat.TypeOf(input.Type);
        if (input.Type == DataType.Int8 && (m == 1 && cin >= 8 || m % 8 == 0))
        {
            var simdBody = ChannelVectors(geo, cin, m, rq, data);
            return new CSharpKernel(data.Definitions + data.Method("sbyte* input, sbyte* output", simdBody), ctx.Call(op.Inputs[0], op.Output), "simd-channels");
        }
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
                        for (int ic = 0; ic < {{cin}}; ++ic)
                        {
                            for (int mi = 0; mi < {{m}}; ++mi)
                            {
                                int oc = ic * {{m}} + mi;
                                {{data.Accumulator}} acc = {{data.Bias}};
                                for (int ky = 0; ky < {{geo.FilterH}}; ++ky)
                                {
                                    int iy = iy0 + ky * {{geo.DilationH}};
                                    if ((uint)iy >= {{geo.InH}}) continue;
                                    for (int kx = 0; kx < {{geo.FilterW}}; ++kx)
                                    {
                                        int ix = ix0 + kx * {{geo.DilationW}};
                                        if ((uint)ix >= {{geo.InW}}) continue;
                                        acc += ({{data.Accumulator}})(inb[(iy * {{geo.InW}} + ix) * {{cin}} + ic] + {{rq.InputOffset}}) * weights[(ky * {{geo.FilterW}} + kx) * {{cout}} + oc];
                                    }
                                }
                                *output++ = ({{type}}){{data.Requantized("acc", "oc")}};
                            }
                        }
                    }
                }
            }
            """;
        var code = data.Definitions + data.Method($"{type}* input, {type}* output", body);
        return new CSharpKernel(code, ctx.Call(op.Inputs[0], op.Output), "generic");
    }

    /// <summary>
    /// int8, depth multiplier 1: per output pixel, 16 (then 8) channels at a time accumulate in
    /// Vector128 lanes over the taps inside the input; then each channel is requantized. Channels
    /// past the last multiple of 8 take the scalar loop.
    /// </summary>
    private static string ChannelVectors(ConvLoop geo, int cin, int m, ChannelRequantization rq, ConvData data)
    {
        var blocks = new List<string>();
        var c = cin * m;
        var c16 = m == 1 ? c / 16 * 16 : 0;
        var c8 = c / 8 * 8;
        var pixel = $"((iy0 + ky * {geo.DilationH}) * {geo.InW} + ix0 + kx * {geo.DilationW}) * {cin}";
        string Block(int width, string loop, string step, string accs)
        {
            var tapCall = m == 1
                ? $"{step}(inb + {pixel} + c, weights + tap * {c} + c, offset, {accs});"
                : $"Dot.MultiplyAddBroadcast8(inb[{pixel} + c / {m}] + {rq.InputOffset}, weights + tap * {c} + c, {accs});";
            var lanes = width / 4;
            var init = string.Join("\n", Enumerable.Range(0, lanes).Select(i => data.Bias == "0"
                ? $"Vector128<int> a{i} = Vector128<int>.Zero;"
                : $"Vector128<int> a{i} = Vector128.Load(bias + c + {i * 4});"));
            var store = string.Join("\n", Enumerable.Range(0, lanes).Select(i => $"a{i}.Store(acc + {i * 4});"));
            return $$"""
                {{loop}}
                {
                    {{Indent(init, 4)}}
                    for (int ky = ky0; ky < ky1; ++ky)
                    {
                        for (int kx = kx0; kx < kx1; ++kx)
                        {
                            int tap = ky * {{geo.FilterW}} + kx;
                            {{tapCall}}
                        }
                    }
                    {{Indent(store, 4)}}
                    for (int j = 0; j < {{width}}; ++j)
                        output[c + j] = (sbyte){{data.Requantized("acc[j]", "c + j")}};
                }
                """;
        }
        if (c16 > 0) blocks.Add(Block(16, $"for (int c = 0; c < {c16}; c += 16)", "Dot.MultiplyAdd16", "ref a0, ref a1, ref a2, ref a3"));
        if (c8 > c16) blocks.Add(Block(8, $"for (int c = {c16}; c < {c8}; c += 8)", "Dot.MultiplyAdd8", "ref a0, ref a1"));
        if (c > c8)
            blocks.Add($$"""
                for (int c = {{c8}}; c < {{c}}; ++c)
                {
                    int a = {{(data.Bias == "0" ? "0" : "bias[c]")}};
                    for (int ky = ky0; ky < ky1; ++ky)
                        for (int kx = kx0; kx < kx1; ++kx)
                            a += (inb[{{pixel}} + c] + {{rq.InputOffset}}) * weights[(ky * {{geo.FilterW}} + kx) * {{c}} + c];
                    output[c] = (sbyte){{data.Requantized("a", "c")}};
                }
                """);
        // The taps inside the input: ky in [ky0, ky1), kx in [kx0, kx1) (TFLite skips padded taps).
        return $$"""
            {{(m == 1 ? $"Vector128<short> offset = Vector128.Create((short){rq.InputOffset});" : "// a depth multiplier of " + m + ": 8 output channels share one input value")}}
            int* acc = stackalloc int[16];
            for (int b = 0; b < {{geo.Batches}}; ++b)
            {
                sbyte* inb = input + b * {{geo.InH * geo.InW * cin}};
                for (int oy = 0; oy < {{geo.OutH}}; ++oy)
                {
                    int iy0 = oy * {{geo.StrideH}} - {{geo.PadTop}};
                    int ky0 = {{FirstTap("iy0", geo.DilationH)}};
                    int ky1 = {{EndTap("iy0", geo.InH, geo.FilterH, geo.DilationH)}};
                    for (int ox = 0; ox < {{geo.OutW}}; ++ox, output += {{c}})
                    {
                        int ix0 = ox * {{geo.StrideW}} - {{geo.PadLeft}};
                        int kx0 = {{FirstTap("ix0", geo.DilationW)}};
                        int kx1 = {{EndTap("ix0", geo.InW, geo.FilterW, geo.DilationW)}};
                        {{Indent(string.Join("\n", blocks), 12)}}
                    }
                }
            }
            """;
    }

    /// <summary>The first tap k with start + k * dilation &gt;= 0.</summary>
    private static string FirstTap(string start, int dilation) => dilation == 1
        ? $"{start} < 0 ? -{start} : 0"
        : $"{start} < 0 ? (-{start} + {dilation - 1}) / {dilation} : 0";

    /// <summary>One past the last tap k with start + k * dilation &lt; size, at most <paramref name="filter"/>.</summary>
    private static string EndTap(string start, int size, int filter, int dilation) => dilation == 1
        ? $"{size} - {start} < {filter} ? {size} - {start} : {filter}"
        : $"({size} - {start} + {dilation - 1}) / {dilation} < {filter} ? ({size} - {start} + {dilation - 1}) / {dilation} : {filter}";

    private static string Indent(string text, int spaces) =>
        string.Join("\n", text.Split('\n').Select((l, i) => i == 0 || l.Length == 0 ? l : new string(' ', spaces) + l));
}
