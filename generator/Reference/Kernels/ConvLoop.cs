using EdgeGen.Ir;
using EdgeGen.Ir.Ops;

namespace EdgeGen.Reference.Kernels;

/// <summary>The loop geometry shared by windowed reference kernels: sizes, strides, dilation and resolved padding.</summary>
public sealed record ConvLoop(int Batches, int InH, int InW, int OutH, int OutW, int FilterH, int FilterW,
    int StrideH, int StrideW, int DilationH, int DilationW, int PadTop, int PadLeft)
{
    public static ConvLoop For(Shape input, int filterH, int filterW, Shape output, Window2D w)
    {
        var (top, left) = w.PadBefore(input, filterH, filterW, output);
        return new(input[0], input[1], input[2], output[1], output[2], filterH, filterW, w.StrideH, w.StrideW, w.DilationH, w.DilationW, top, left);
    }

    /// <summary>Every output pixel with the top-left input coordinate of its window (may be negative in the padding).</summary>
    public IEnumerable<(int B, int OY, int OX, int InY0, int InX0)> OutputPixels()
    {
        for (var b = 0; b < Batches; b++)
            for (var oy = 0; oy < OutH; oy++)
                for (var ox = 0; ox < OutW; ox++)
                    yield return (b, oy, ox, oy * StrideH - PadTop, ox * StrideW - PadLeft);
    }

    /// <summary>
    /// The filter taps of one output window that fall inside the input: the flat input pixel
    /// ((b*InH+iy)*InW+ix) and the tap (ky*FilterW+kx). Taps in the padding are left out.
    /// </summary>
    public (int Pixel, int Tap)[] Taps(int b, int inY0, int inX0)
    {
        var taps = new List<(int, int)>(FilterH * FilterW);
        for (var ky = 0; ky < FilterH; ky++)
        {
            var iy = inY0 + ky * DilationH;
            if (iy < 0 || iy >= InH) continue;
            for (var kx = 0; kx < FilterW; kx++)
            {
                var ix = inX0 + kx * DilationW;
                if (ix < 0 || ix >= InW) continue;
                taps.Add(((b * InH + iy) * InW + ix, ky * FilterW + kx));
            }
        }
        return taps.ToArray();
    }

    /// <summary>An integer tensor's values widened to long (int8, int16, int32 or int64 storage).</summary>
    public static long[] Widen(TensorStore s, int id)
    {
        var n = s.Graph[id].Shape.ElementCount;
        var r = new long[n];
        for (var i = 0; i < n; i++) r[i] = s.ReadInteger(id, i);
        return r;
    }
}
