using EdgeGen.Ir;
using EdgeGen.Ir.Ops;
using EdgeGen.Reference.Kernels;

namespace EdgeGen.Emit.C.Kernels.Ternary;

/// <summary>
/// A ternary CONV_2D's output pixels as the batch rows of the matrix-vector kernels: pixel b's row is the input patch
/// under the filter in the filter's order (ky, kx, cin), gathered into scratch; taps in the padding read the input zero
/// point, so that (x + input offset) is 0 there and the folded bias (bias + offset · Σw) stays exact. A 1x1 stride-1
/// convolution without padding reads its rows in place (the pixels are contiguous in NHWC).
/// </summary>
internal sealed record TernaryGather(ConvLoop Geo, int Cin, int ZeroPoint)
{
    public static TernaryGather For(Graph graph, Conv2D op)
    {
        var input = graph[op.Inputs[0]];
        var filter = graph[op.Inputs[1]];
        var output = graph[op.Output];
        return new TernaryGather(ConvLoop.For(input.Shape, filter.Shape[1], filter.Shape[2], output.Shape, op.Window), input.Shape[3], (int)input.Quant.ZeroPoint);
    }

    private int Depth => Geo.FilterH * Geo.FilterW * Cin;

    public bool InPlace => Geo.FilterH == 1 && Geo.FilterW == 1 && Geo.StrideH == 1 && Geo.StrideW == 1
        && Geo.PadTop == 0 && Geo.PadLeft == 0 && Geo.OutH == Geo.InH && Geo.OutW == Geo.InW;

    public int ColumnBytes => InPlace ? 0 : (Depth + 3) / 4 * 4;

    /// <summary>Per pixel: a call, per tap a bounds check and a copy (or fill) of Cin bytes at about 2 instructions per 4 bytes.</summary>
    public long Instructions => InPlace ? 2 : 15 + Geo.FilterH * Geo.FilterW * (12L + Cin / 2);

    public string Definition(CKernelContext ctx) => InPlace ? "" : $$"""
        /* The input patch of output pixel p in filter order (ky, kx, cin); taps in the padding read the zero point. */
        static const int8_t *{{Name(ctx)}}(const int8_t *input, int p, int8_t *col)
        {
            const int n = p / {{Geo.OutH * Geo.OutW}}, oy = p / {{Geo.OutW}} % {{Geo.OutH}}, ox = p % {{Geo.OutW}};
            const int8_t *in = input + n * {{Geo.InH * Geo.InW * Cin}};
            int8_t *d = col;
            int ky, kx, i;
            for (ky = 0; ky < {{Geo.FilterH}}; ++ky) {
                const int iy = oy * {{Geo.StrideH}} - {{Geo.PadTop}} + ky * {{Geo.DilationH}};
                for (kx = 0; kx < {{Geo.FilterW}}; ++kx, d += {{Cin}}) {
                    const int ix = ox * {{Geo.StrideW}} - {{Geo.PadLeft}} + kx * {{Geo.DilationW}};
                    if (iy < 0 || iy >= {{Geo.InH}} || ix < 0 || ix >= {{Geo.InW}}) {
                        for (i = 0; i < {{Cin}}; ++i) d[i] = {{ZeroPoint}};
                    } else {
                        eg_memcpy(d, in + (iy * {{Geo.InW}} + ix) * {{Cin}}, {{Cin}});
                    }
                }
            }
            return col;
        }

        """;

    public string Row(CKernelContext ctx, string input, string pixel, string column) =>
        InPlace ? $"{input} + {pixel} * {Cin}" : $"{Name(ctx)}({input}, {pixel}, {column})";

    private static string Name(CKernelContext ctx) => ctx.GeometrySymbol("gather");
}
