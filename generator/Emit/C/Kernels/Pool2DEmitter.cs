using EdgeGen.Emit.C.Kernels.Neon;
using EdgeGen.Ir.Ops;
using EdgeGen.Numerics;
using EdgeGen.Reference.Kernels;

namespace EdgeGen.Emit.C.Kernels;

/// <summary>AVERAGE_POOL_2D and MAX_POOL_2D: the window clipped to the input, average rounded half away from zero.</summary>
public sealed class AveragePool2DEmitter : CKernelEmitter<AveragePool2D>
{
    protected override CKernel Emit(CKernelContext ctx, AveragePool2D op) => NeonAveragePool.Supports(ctx.Graph, op, ctx.Target)
        ? NeonAveragePool.Emit(ctx, op)
        : PoolEmitter.Emit(ctx, op, average: true);
}

public sealed class MaxPool2DEmitter : CKernelEmitter<MaxPool2D>
{
    protected override CKernel Emit(CKernelContext ctx, MaxPool2D op) => PoolEmitter.Emit(ctx, op, average: false);
}

internal static class PoolEmitter
{
    public static CKernel Emit(CKernelContext ctx, Pool2D op, bool average)
    {
        var input = ctx.InputTensor(0);
        var output = ctx.OutputTensor;
        var geo = ConvLoop.For(input.Shape, op.FilterH, op.FilterW, output.Shape, op.Window);
        var c = input.Shape[3];
        var range = ActivationRange.For(op.Activation, output);
        var type = CFormat.TypeOf(input.Type);
        var init = average ? "0" : "-2147483647 - 1";
        var step = average ? "acc += v;" : "if (v > acc) acc = v;";
        var finish = average
            ? "acc = acc > 0 ? (acc + count / 2) / count : (acc - count / 2) / count;"
            : "(void)count;";
        var code = $$"""
            static void {{ctx.FunctionName}}(const {{type}} *{{ctx.Restrict}}input, {{type}} *{{ctx.Restrict}}output)
            {
                int b, oy, ox, ch, ky, kx;
                for (b = 0; b < {{geo.Batches}}; ++b) {
                    const {{type}} *in = input + b * {{geo.InH * geo.InW * c}};
                    for (oy = 0; oy < {{geo.OutH}}; ++oy) {
                        const int iy0 = oy * {{geo.StrideH}} - {{geo.PadTop}};
                        const int ky0 = iy0 < 0 ? -iy0 : 0;
                        const int ky1 = {{geo.InH}} - iy0 < {{op.FilterH}} ? {{geo.InH}} - iy0 : {{op.FilterH}};
                        for (ox = 0; ox < {{geo.OutW}}; ++ox) {
                            const int ix0 = ox * {{geo.StrideW}} - {{geo.PadLeft}};
                            const int kx0 = ix0 < 0 ? -ix0 : 0;
                            const int kx1 = {{geo.InW}} - ix0 < {{op.FilterW}} ? {{geo.InW}} - ix0 : {{op.FilterW}};
                            const int32_t count = (ky1 - ky0) * (kx1 - kx0);
                            for (ch = 0; ch < {{c}}; ++ch) {
                                int32_t acc = {{init}};
                                for (ky = ky0; ky < ky1; ++ky) {
                                    for (kx = kx0; kx < kx1; ++kx) {
                                        const int32_t v = in[((iy0 + ky) * {{geo.InW}} + ix0 + kx) * {{c}} + ch];
                                        {{step}}
                                    }
                                }
                                {{finish}}
                                *output++ = ({{type}})eg_clamp(acc, {{range.Min}}, {{range.Max}});
                            }
                        }
                    }
                }
            }

            """;
        return new CKernel(code, $"{ctx.FunctionName}({ctx.Pointer(op.Inputs[0])}, {ctx.Pointer(op.Output)});", "generic");
    }
}
