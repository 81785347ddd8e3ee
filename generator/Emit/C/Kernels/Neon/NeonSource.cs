using EdgeGen.Reference.Kernels;

namespace EdgeGen.Emit.C.Kernels.Neon;

/// <summary>
/// What a windowed NEON kernel reads: the input itself when every window lies inside it, or else
/// an arena copy holding the input zero point everywhere around the input (padding, and rows or
/// columns a stride would run into), each input channel repeated for a depthwise multiplier, and
/// channels padded to a multiple of <c>align</c>. Windows then need no bounds checks, and a padded
/// tap contributes (zero point + input offset) · w = 0 as in the reference.
/// </summary>
internal sealed record NeonSource(ConvLoop Geo, int Cin, int Multiplier, int Channels, int Height, int Width, bool Copy)
{
    public static NeonSource For(ConvLoop geo, int cin, int multiplier, int align)
    {
        var channels = (cin * multiplier + align - 1) / align * align;
        var needH = (geo.OutH - 1) * geo.StrideH + (geo.FilterH - 1) * geo.DilationH + 1;
        var needW = (geo.OutW - 1) * geo.StrideW + (geo.FilterW - 1) * geo.DilationW + 1;
        var copy = multiplier > 1 || channels != cin || geo.PadTop > 0 || geo.PadLeft > 0 || needH > geo.InH || needW > geo.InW;
        return copy
            ? new NeonSource(geo, cin, multiplier, channels, Math.Max(needH, geo.InH + geo.PadTop), Math.Max(needW, geo.InW + geo.PadLeft), true)
            : new NeonSource(geo, cin, 1, cin, geo.InH, geo.InW, false);
    }

    public int Bytes => Copy ? Geo.Batches * Height * Width * Channels : 0;

    /// <summary>Offset of the window of output pixel (b, y, x) in the source, as a C expression of the variables b, y and x.</summary>
    public string Window(bool withX = true)
    {
        static string Times(string v, int n) => n == 1 ? v : $"{v} * {n}";
        var column = withX ? $" + {Times("x", Geo.StrideW)}" : "";
        return $"((b * {Height} + {Times("y", Geo.StrideH)}) * {Width}{column}) * {Channels}";
    }

    /// <summary>Offset of tap (ky, kx) from its window's origin.</summary>
    public int Tap(int ky, int kx) => (ky * Geo.DilationH * Width + kx * Geo.DilationW) * Channels;

    /// <summary>Statements declaring <c>const int8_t *const src</c> (filling the copy at <paramref name="scratch"/>); they use int b, y, x, c.</summary>
    public string Declaration(string scratch, int zeroPoint)
    {
        if (!Copy) return "    const int8_t *const src = input;\n";
        var geo = Geo;
        var row = Multiplier == 1 && Channels == Cin
            ? $"memcpy(dst + ((b * {Height} + y + {geo.PadTop}) * {Width} + {geo.PadLeft}) * {Channels}, in + y * {geo.InW * Cin}, {geo.InW * Cin});"
            : $$"""
                for (x = 0; x < {{geo.InW}}; ++x) {
                                int8_t *const d = dst + ((b * {{Height}} + y + {{geo.PadTop}}) * {{Width}} + x + {{geo.PadLeft}}) * {{Channels}};
                                const int8_t *const e = in + (y * {{geo.InW}} + x) * {{Cin}};
                                {{(Multiplier == 1 ? $"memcpy(d, e, {Cin});" : $"for (c = 0; c < {Cin * Multiplier}; ++c) d[c] = e[c / {Multiplier}];")}}
                            }
                """;
        return $$"""
                int8_t *const dst = {{scratch}};
                const int8_t *const src = dst;
                memset(dst, {{zeroPoint}}, {{Bytes}}); /* the input zero point around the input */
                for (b = 0; b < {{geo.Batches}}; ++b) {
                    const int8_t *const in = input + b * {{geo.InH * geo.InW * Cin}};
                    for (y = 0; y < {{geo.InH}}; ++y) {
                        {{row}}
                    }
                }

            """;
    }
}
