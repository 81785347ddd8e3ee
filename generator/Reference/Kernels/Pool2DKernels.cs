using EdgeGen.Ir;
using EdgeGen.Ir.Ops;
using EdgeGen.Numerics;

namespace EdgeGen.Reference.Kernels;

/// <summary>
/// AVERAGE_POOL_2D: the window sum over valid (non-padded) elements divided by their count,
/// rounding half away from zero, then the activation clamp. No requantization (TFLite requires the
/// same scale in and out).
/// </summary>
public sealed class AveragePool2DKernel : ReferenceKernel<AveragePool2D>
{
    protected override void Run(AveragePool2D op, TensorStore s) => PoolLoop.Run(op, s, (sum, count) =>
        sum > 0 ? (sum + count / 2) / count : (sum - count / 2) / count, average: true);
}

/// <summary>MAX_POOL_2D: the window maximum over valid elements, then the activation clamp.</summary>
public sealed class MaxPool2DKernel : ReferenceKernel<MaxPool2D>
{
    protected override void Run(MaxPool2D op, TensorStore s) => PoolLoop.Run(op, s, (max, _) => max, average: false);
}

internal static class PoolLoop
{
    public static void Run(Pool2D op, TensorStore s, Func<long, long, long> finish, bool average)
    {
        var g = s.Graph;
        var input = g[op.Inputs[0]];
        var output = g[op.Output];
        var geo = ConvLoop.For(input.Shape, op.FilterH, op.FilterW, output.Shape, op.Window);
        var c = input.Shape[3];
        var isFloat = input.Type == DataType.Float32;
        var range = isFloat ? default : ActivationRange.For(op.Activation, output);
        var (flo, fhi) = isFloat ? ActivationRange.ForFloat(op.Activation) : (0f, 0f);
        foreach (var (b, oy, ox, inY0, inX0) in geo.OutputPixels())
        {
            // TFLite clips the window to the input instead of visiting padding.
            var y0 = Math.Max(0, -inY0);
            var y1 = Math.Min(op.FilterH, geo.InH - inY0);
            var x0 = Math.Max(0, -inX0);
            var x1 = Math.Min(op.FilterW, geo.InW - inX0);
            for (var ch = 0; ch < c; ch++)
            {
                long acc = average ? 0 : long.MinValue;
                var accF = average ? 0f : float.MinValue;
                long count = 0;
                for (var ky = y0; ky < y1; ky++)
                for (var kx = x0; kx < x1; kx++)
                {
                    var i = ((b * geo.InH + inY0 + ky) * geo.InW + inX0 + kx) * c + ch;
                    if (isFloat)
                    {
                        var v = s.Float32(op.Inputs[0])[i];
                        accF = average ? accF + v : Math.Max(accF, v);
                    }
                    else
                    {
                        var v = s.ReadInteger(op.Inputs[0], i);
                        acc = average ? acc + v : Math.Max(acc, v);
                    }
                    count++;
                }
                var o = ((b * geo.OutH + oy) * geo.OutW + ox) * c + ch;
                if (count == 0) throw new EdgeGenException($"{op.Kind}: a window lies entirely in the padding");
                if (isFloat)
                {
                    s.Float32(op.Output)[o] = Math.Clamp(average ? accF / count : accF, flo, fhi);
                    continue;
                }
                s.WriteInteger(op.Output, o, Math.Clamp(finish(acc, count), range.Min, range.Max));
            }
        }
    }
}
