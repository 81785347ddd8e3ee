using EdgeGen.Ir;
using EdgeGen.Ir.Ops;
using EdgeGen.Numerics;
using EdgeGen.Numerics.Params;

namespace EdgeGen.Reference.Kernels;

/// <summary>CONV_2D: TFLite's reference per-channel kernels (int8 with int32 accumulators, int16x8 with int64), float, and hybrid (float with int8 weights).</summary>
public sealed class Conv2DKernel : ReferenceKernel<Conv2D>
{
    protected override void Run(Conv2D op, TensorStore s)
    {
        var g = s.Graph;
        var input = g[op.Inputs[0]];
        var filter = g[op.Inputs[1]];
        var output = g[op.Output];
        var geo = ConvLoop.For(input.Shape, filter.Shape[1], filter.Shape[2], output.Shape, op.Window);
        var cin = input.Shape[3];
        var cout = output.Shape[3];
        if (input.Type == DataType.Float32)
        {
            RunFloat(op, s, geo, cin, cout);
            return;
        }
        var f = filter.Int8Data.ToArray();

        var rq = ChannelRequantization.For(input, filter, output, cout, op.Activation);
        var x = ConvLoop.Widen(s, op.Inputs[0]);
        var bias = op.HasInput(2) ? ConvLoop.Widen(s, op.Inputs[2]) : null;
        var is16 = input.Type == DataType.Int16;
        // The 16x8 kernel has no zero points (Validate guarantees they are 0); int8 uses both.
        var inputOffset = is16 ? 0 : rq.InputOffset;
        var outputOffset = is16 ? 0 : rq.OutputOffset;
        foreach (var (b, oy, ox, inY0, inX0) in geo.OutputPixels())
        {
            for (var oc = 0; oc < cout; oc++)
            {
                long acc = 0;
                for (var ky = 0; ky < geo.FilterH; ky++)
                {
                    var iy = inY0 + ky * geo.DilationH;
                    if (iy < 0 || iy >= geo.InH) continue;
                    for (var kx = 0; kx < geo.FilterW; kx++)
                    {
                        var ix = inX0 + kx * geo.DilationW;
                        if (ix < 0 || ix >= geo.InW) continue;
                        var xBase = ((b * geo.InH + iy) * geo.InW + ix) * cin;
                        var fBase = ((oc * geo.FilterH + ky) * geo.FilterW + kx) * cin;
                        for (var ic = 0; ic < cin; ic++)
                            acc += f[fBase + ic] * (x[xBase + ic] + inputOffset);
                    }
                }
                if (bias is not null) acc += bias[oc];
                var scaled = is16
                    ? FixedPoint.MultiplyByQuantizedMultiplier(acc, rq.Multipliers[oc], rq.Shifts[oc])
                    : FixedPoint.MultiplyByQuantizedMultiplier(unchecked((int)acc), rq.Multipliers[oc], rq.Shifts[oc]);
                var value = FixedPoint.Clamp(unchecked(scaled + outputOffset), rq.Range.Min, rq.Range.Max);
                s.WriteInteger(op.Output, ((b * geo.OutH + oy) * geo.OutW + ox) * cout + oc, value);
            }
        }
    }

    private static void RunFloat(Conv2D op, TensorStore s, ConvLoop geo, int cin, int cout)
    {
        var g = s.Graph;
        var x = s.Float32(op.Inputs[0]).ToArray();
        var bias = op.HasInput(2) ? g[op.Inputs[2]].Float32Data.ToArray() : null;
        var (lo, hi) = ActivationRange.ForFloat(op.Activation);
        var y = s.Float32(op.Output);
        var hybrid = op.IsHybrid(g) ? HybridInput.Quantize(x, geo.Batches, g[op.Inputs[1]]) : null;
        var f = hybrid is null ? g[op.Inputs[1]].Float32Data.ToArray() : null;
        var taps = geo.FilterH * geo.FilterW;
        foreach (var (b, oy, ox, inY0, inX0) in geo.OutputPixels())
        {
            var window = geo.Taps(b, inY0, inX0);
            for (var oc = 0; oc < cout; oc++)
            {
                float acc;
                if (hybrid is not null) acc = hybrid.Dot(b, window, oc * taps, cin);
                else
                {
                    acc = 0f;
                    foreach (var (pixel, tap) in window)
                    {
                        var xBase = pixel * cin;
                        var fBase = (oc * taps + tap) * cin;
                        for (var ic = 0; ic < cin; ic++) acc += x[xBase + ic] * f![fBase + ic];
                    }
                }
                if (bias is not null) acc += bias[oc];
                y[((b * geo.OutH + oy) * geo.OutW + ox) * cout + oc] = Math.Clamp(acc, lo, hi);
            }
        }
    }
}

/// <summary>
/// TFLite's hybrid convolution (EvalHybrid): each batch of the float input is quantized on the fly,
/// symmetric, to int8 with scale max|x| / 127 (q = round(x * 127 / max|x|) clamped to ±127, or all
/// zeros with scale 1 when the batch is all zero); the int32 dot product with the int8 filter is
/// scaled back by input_scale * filter_scale in float, then the float bias is added.
/// </summary>
internal sealed class HybridInput
{
    private readonly sbyte[] _q;
    private readonly sbyte[] _filter;
    private readonly float[] _scales;

    private HybridInput(sbyte[] q, sbyte[] filter, float[] scales) => (_q, _filter, _scales) = (q, filter, scales);

    public static HybridInput Quantize(float[] x, int batches, Tensor filter)
    {
        const int kScale = 127;
        var size = x.Length / batches;
        var q = new sbyte[x.Length];
        var scales = new float[batches];
        for (var b = 0; b < batches; b++)
        {
            var batch = x.AsSpan(b * size, size);
            var range = 0f;
            foreach (var v in batch) range = Math.Max(range, Math.Abs(v));
            if (range == 0)
            {
                scales[b] = filter.Quant.Scale;
                continue;
            }
            var inverse = kScale / range;
            for (var i = 0; i < size; i++)
                q[b * size + i] = (sbyte)Math.Clamp((int)MathF.Round(batch[i] * inverse, MidpointRounding.AwayFromZero), -kScale, kScale);
            scales[b] = range / kScale * filter.Quant.Scale;
        }
        return new HybridInput(q, filter.Int8Data.ToArray(), scales);
    }

    /// <summary>The scaled dot product of one output window (batch b) with the filter row starting at tap <paramref name="filterTap"/>.</summary>
    public float Dot(int b, (int Pixel, int Tap)[] window, int filterTap, int cin)
    {
        var acc = 0;
        foreach (var (pixel, tap) in window)
        {
            var xBase = pixel * cin;
            var fBase = (filterTap + tap) * cin;
            for (var ic = 0; ic < cin; ic++) acc += _q[xBase + ic] * _filter[fBase + ic];
        }
        return acc * _scales[b];
    }
}
