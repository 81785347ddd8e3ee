using EdgeGen.Ir;
using EdgeGen.Ir.Ops;
using EdgeGen.Numerics.Params;
using EdgeGen.Reference.Kernels;
using EdgeGen.Targets;

namespace EdgeGen.Emit.C.Kernels;

/// <summary>
/// CONV_2D int8 on cores with the DSP extension: output pixels two at a time, their q15 columns (im2col, padding
/// with the input zero point) in a small scratch buffer, and output channels two at a time through SMLAD
/// (eg_mac_2x2_s8 in runtime/c/edgegen_dsp.h): 2 pixels x 2 channels share every widened weight and column word.
/// The input offset is folded into the bias and requantization is the exact SMMLAR form; weights are reordered at
/// generation time into the kernel's step order.
/// </summary>
public sealed class Conv2DDsp : CKernelVariant<Conv2D>
{
    public override string Name => "dsp_2x2";

    public override bool Applies(Graph graph, Conv2D op, TargetSpec target) =>
        target.Has("dsp") && ConvColumns.For(graph, op) is { } c && LayerFolding.Of(graph, op) is not null;

    public override long EstimatedInstructions(Graph graph, Conv2D op, TargetSpec target) => Estimate(ConvColumns.For(graph, op)!);

    /// <summary>Per pair of pixels: their two columns, then per pair of channels the 2x2 multiply-accumulates and four requantizations.</summary>
    internal static long Estimate(ConvColumns c)
    {
        var channelPairs = (c.Cout + 1) / 2;
        var pairs = (c.Pixels + 1) / 2;
        return pairs * (channelPairs * (16L * c.Steps + 40) + 2 * c.FillInstructions + 20);
    }

    public override int ScratchBytes(Graph graph, Conv2D op, TargetSpec target) => ConvColumns.For(graph, op)!.ScratchBytes;

    /// <summary>Tables through pointers: about 4 instructions more per pixel pair and channel pair (measured on the M4: 0.7 % of a 6x6x128 1x1 layer).</summary>
    public override long? SharedCodeExtraInstructions(Graph graph, Conv2D op, TargetSpec target)
    {
        var c = ConvColumns.For(graph, op)!;
        return (c.Pixels + 1) / 2 * ((c.Cout + 1) / 2) * 4L;
    }

    /// <summary>Both columns of a pixel pair are filled before the pair's outputs are written: the output may overwrite input no later window reads.</summary>
    public override int? OutputLead(Graph graph, Conv2D op, TargetSpec target) => ConvColumns.For(graph, op)!.OutputLead();

    protected override CKernel Emit(CKernelContext ctx, Conv2D op)
    {
        var c = ConvColumns.For(ctx.Graph, op)!;
        return EmitColumns(ctx, c, LayerFolding.Of(ctx.Graph, op)!, ctx.InputTensor(1).Int8Data.ToArray(), Name);
    }

    /// <summary>The kernel for any operator that is a convolution over im2col columns, given its filter as [Cout][K].</summary>
    internal static CKernel EmitColumns(CKernelContext ctx, ConvColumns c, FoldedRequantization folded, sbyte[] filter, string variant)
    {
        var op = ctx.Op;
        var constants = FoldedConstants.Create(ctx, folded, (c.Pixels + 1) / 2 * (long)c.Cout, Estimate(c));
        var weights = ctx.Symbol("weights");
        var column = ctx.GeometrySymbol("column");
        var block = ctx.GeometrySymbol("block");
        var code = $$"""
            {{CFormat.Array("int8_t", weights, c.StepOrderWeights(filter), v => CFormat.Int(v), "static const EG_ALIGNED")}}{{constants.Definitions}}
            {{c.ColumnFunction(column, "int8_t")}}
            /* Output channels two at a time for the two pixels whose columns are in cols. */
            EG_INLINE void {{block}}(const int16_t *cols, int8_t *o0, int8_t *o1)
            {
            {{DspBlock.Body(weights, constants, c.Cout, c.Steps)}}
            }

            EG_KERNEL void {{ctx.FunctionName}}(const int8_t *{{ctx.Restrict}}input, int8_t *{{ctx.Restrict}}output)
            {
                int16_t *cols = {{ctx.ScratchPointer("int16_t")}};
                int p;
                for (p = 0; p < {{c.Pixels}}; p += 2) {
                    const int q = {{(c.Pixels % 2 == 0 ? "p + 1" : $"p + 1 < {c.Pixels} ? p + 1 : p")}};
                    {{column}}(input, p, cols, 0);
                    {{column}}(input, q, cols, 1);
                    {{block}}(cols, output + p * {{c.Cout}}, output + q * {{c.Cout}});
                }
            }

            """;
        return new CKernel(code, $"{ctx.FunctionName}({ctx.Pointer(op.Inputs[0])}, {ctx.Pointer(op.Output)});", variant) { Headers = ["edgegen_dsp.h"] };
    }
}

/// <summary>The channel loop of the DSP 2x2 kernels: two output channels per block through eg_mac_2x2_s8, a lone last channel through eg_mac_2x1_s8.</summary>
internal static class DspBlock
{
    public static string Body(string weights, FoldedConstants k, int cout, int steps)
    {
        var s = k.Stride;
        var tail = cout % 2 == 0 ? "" : $$"""

                {
                    int32_t a[2];
                    a[0] = a[1] = r[0];
                    eg_mac_2x1_s8(cols, &w, {{steps}}, a);
                    o1[c] = {{k.Output("a[1]", "r")}};
                    o0[c] = {{k.Output("a[0]", "r")}};
                }
            """;
        return $$"""
                const int8_t *w = {{weights}};
                const int32_t *r = {{k.Table}};
                int c;
                for (c = 0; c < {{cout - cout % 2}}; c += 2, r += {{2 * s}}) {
                    int32_t a[4];
                    a[0] = a[2] = r[0];
                    a[1] = a[3] = r[{{s}}];
                    eg_mac_2x2_s8(cols, &w, {{steps}}, a);
                    o1[c] = {{k.Output("a[2]", "r")}};
                    o1[c + 1] = {{k.Output("a[3]", $"(r + {s})")}};
                    o0[c] = {{k.Output("a[0]", "r")}};
                    o0[c + 1] = {{k.Output("a[1]", $"(r + {s})")}};
                }{{tail}}
            """;
    }
}

/// <summary>
/// The im2col geometry of a convolution for the column kernels: output pixels, column length (padded to whole
/// 4-element steps), the weights in step order, and the C function that fills one pixel's column slot.
/// </summary>
internal sealed record ConvColumns(ConvLoop Geo, int Cin, int Cout, int ZeroPoint)
{
    public int K => Geo.FilterH * Geo.FilterW * Cin;
    public int Steps => (K + 3) / 4;
    public int Pixels => Geo.Batches * Geo.OutH * Geo.OutW;
    public bool Direct => Cin % 4 == 0;

    /// <summary>Two q15 columns, and for channel counts that are not a multiple of 4 an int8 staging column.</summary>
    public int ScratchBytes => 2 * Steps * 4 * 2 + (Direct ? 0 : Steps * 4 + 4);

    /// <summary>Instructions to fill one column (the cost model).</summary>
    public int FillInstructions => Direct || Geo.DilationW != 1 || Geo.FilterW == 1
        ? Geo.FilterH * Geo.FilterW * (Direct ? 6 : 10) + Steps * (Direct ? 4 : 5)
        : Geo.FilterH * (10 + (Geo.FilterW * Cin + 3) / 4 * 2) + Steps * 5;  // one copy per filter row (interior rows)

    public static ConvColumns? For(Graph graph, Conv2D op)
    {
        var input = graph[op.Inputs[0]];
        var filter = graph[op.Inputs[1]];
        var output = graph[op.Output];
        if (input.Type != DataType.Int8) return null;
        var geo = ConvLoop.For(input.Shape, filter.Shape[1], filter.Shape[2], output.Shape, op.Window);
        return new ConvColumns(geo, input.Shape[3], output.Shape[3], input.Quant.ZeroPoint);
    }

    /// <summary>
    /// The kernel's steps are pixel pairs (p, p + 1): both windows are read into the columns, then both pixels written.
    /// A window's first read is its lowest input pixel inside the input (the windows of stride and dilation included).
    /// </summary>
    public int? OutputLead()
    {
        var g = Geo;
        var pixels = g.OutputPixels().Select(p => g.Taps(p.B, p.InY0, p.InX0) is { Length: > 0 } taps ? taps.Min(t => t.Pixel) * (long)Cin : (long?)null).ToList();
        var steps = new List<(long, long?)>();
        for (var p = 0; p < pixels.Count; p += 2)
        {
            var q = Math.Min(p + 1, pixels.Count - 1);
            long? first = pixels[p] is { } a && pixels[q] is { } b ? Math.Min(a, b) : pixels[p] ?? pixels[q];
            steps.Add(((q + 1L) * Cout, first));
        }
        return Planning.OverlapLead.Of(steps, (long)pixels.Count * Cout);
    }

    /// <summary>Filter [cout][K] reordered per block: two channels interleaved 4 weights at a time, zero-padded to whole steps.</summary>
    public sbyte[] StepOrderWeights(sbyte[] filter)
    {
        var result = new List<sbyte>();
        for (var c = 0; c < Cout; c += 2)
            for (var s = 0; s < Steps; s++)
                for (var ch = c; ch < Math.Min(c + 2, Cout); ch++)
                    for (var j = 0; j < 4; j++)
                    {
                        var k = 4 * s + j;
                        result.Add(k < K ? filter[ch * K + k] : (sbyte)0);
                    }
        return result.ToArray();
    }

    /// <summary>A C function filling slot s (0 or 1) of the column buffer with output pixel p's window.</summary>
    public string ColumnFunction(string name, string inType)
    {
        var g = Geo;
        var perTap = Cin / 4;
        var pixel = g.Batches == 1
            ? $"const int oy = p / {g.OutW}, ox = p % {g.OutW};\n    const {inType} *in = input;"
            : $"const int oy = (p / {g.OutW}) % {g.OutH}, ox = p % {g.OutW};\n    const {inType} *in = input + (p / {g.OutW * g.OutH}) * {g.InH * g.InW * Cin};";
        string tap;
        string finish;
        var rowCopy = "";
        if (Direct)
        {
            tap = $$"""
                        if (iy < 0 || iy >= {{g.InH}} || ix < 0 || ix >= {{g.InW}}) {
                            for (j = 0; j < {{perTap}}; ++j) eg_fill4(col + 8 * j, {{ZeroPoint}});
                        } else {
                            const {{inType}} *src = in + (iy * {{g.InW}} + ix) * {{Cin}};
                            for (j = 0; j < {{perTap}}; ++j) eg_widen4(col + 8 * j, src + 4 * j);
                        }
                        col += {{8 * perTap}};
            """;
            finish = "";
        }
        else
        {
            tap = $$"""
                        if (iy < 0 || iy >= {{g.InH}} || ix < 0 || ix >= {{g.InW}}) eg_memset(stage, {{ZeroPoint}}, {{Cin}});
                        else eg_memcpy(stage, in + (iy * {{g.InW}} + ix) * {{Cin}}, {{Cin}});
                        stage += {{Cin}};
            """;
            if (g.DilationW == 1 && g.FilterW > 1)
            {
                // A filter row inside the input is FilterW * Cin consecutive bytes: one copy instead of one per tap.
                rowCopy = $$"""
                        if (iy >= 0 && iy < {{g.InH}} && ix0 >= 0 && ix0 + {{g.FilterW - 1}} < {{g.InW}}) {
                            eg_memcpy(stage, in + (iy * {{g.InW}} + ix0) * {{Cin}}, {{g.FilterW * Cin}});
                            stage += {{g.FilterW * Cin}};
                            continue;
                        }
                """ + "\n";
            }
            finish = $$"""

                stage = (int8_t *)(cols + {{8 * Steps}});
                for (j = 0; j < {{Steps}}; ++j) eg_widen4(col + 8 * j, stage + 4 * j);
            """;
        }
        var declarations = Direct ? "int16_t *col = cols + 4 * s;" : "int16_t *col = cols + 4 * s;\n    int8_t *stage = (int8_t *)(cols + " + (8 * Steps) + ");";
        return $$"""
            /* Column of output pixel p (input window in (ky, kx, channel) order, padding = the input zero point) into slot s. */
            EG_INLINE void {{name}}(const {{inType}} *input, int p, int16_t *cols, int s)
            {
                {{pixel}}
                const int iy0 = oy * {{g.StrideH}} - {{g.PadTop}}, ix0 = ox * {{g.StrideW}} - {{g.PadLeft}};
                {{declarations}}
                int ky, kx, j;
                for (ky = 0; ky < {{g.FilterH}}; ++ky) {
                    const int iy = iy0 + ky * {{g.DilationH}};
            {{rowCopy}}        for (kx = 0; kx < {{g.FilterW}}; ++kx) {
                        const int ix = ix0 + kx * {{g.DilationW}};
            {{tap}}
                    }
                }{{finish}}
            }
            """;
    }
}
