using EdgeGen.Ir;
using EdgeGen.Ir.Ops;
using EdgeGen.Numerics;
using EdgeGen.Reference.Kernels;
using EdgeGen.Targets;

namespace EdgeGen.Emit.C.Kernels.Neon;

/// <summary>
/// int8 AVERAGE_POOL_2D with NEON: per output pixel the window (clipped to the input, as TFLite
/// does) summed in int16 for 8 channels at a time, then the rounded division. Needs channels a
/// multiple of 8 and windows of at most 256 values (so that int16 sums cannot overflow).
/// </summary>
internal static class NeonAveragePool
{
    public static bool Supports(Graph graph, AveragePool2D op, TargetSpec target) =>
        NeonGemm.Available(target) && graph[op.Inputs[0]].Type == DataType.Int8 && graph[op.Inputs[0]].Shape[3] % 8 == 0
        && op.FilterH * op.FilterW <= 256;

    public static CKernel Emit(CKernelContext ctx, AveragePool2D op)
    {
        var input = ctx.InputTensor(0);
        var output = ctx.OutputTensor;
        var geo = ConvLoop.For(input.Shape, op.FilterH, op.FilterW, output.Shape, op.Window);
        var c = input.Shape[3];
        var range = ActivationRange.For(op.Activation, output);
        var code = $$"""
            EG_KERNEL void {{ctx.FunctionName}}(const int8_t *{{ctx.Restrict}}input, int8_t *{{ctx.Restrict}}output)
            {
                int b, oy, ox;
                for (b = 0; b < {{geo.Batches}}; ++b) {
                    const int8_t *in = input + b * {{geo.InH * geo.InW * c}};
                    for (oy = 0; oy < {{geo.OutH}}; ++oy) {
                        const int iy0 = oy * {{geo.StrideH}} - {{geo.PadTop}};
                        const int ky0 = iy0 < 0 ? -iy0 : 0;
                        const int ky1 = {{geo.InH}} - iy0 < {{op.FilterH}} ? {{geo.InH}} - iy0 : {{op.FilterH}};
                        for (ox = 0; ox < {{geo.OutW}}; ++ox, output += {{c}}) {
                            const int ix0 = ox * {{geo.StrideW}} - {{geo.PadLeft}};
                            const int kx0 = ix0 < 0 ? -ix0 : 0;
                            const int kx1 = {{geo.InW}} - ix0 < {{op.FilterW}} ? {{geo.InW}} - ix0 : {{op.FilterW}};
                            eg_neon_average(in + ((iy0 + ky0) * {{geo.InW}} + ix0 + kx0) * {{c}}, {{geo.InW * c}}, {{c}}, ky1 - ky0, kx1 - kx0, {{range.Min}}, {{range.Max}}, output);
                        }
                    }
                }
            }

            """;
        return new CKernel(code, $"{ctx.FunctionName}({ctx.Pointer(op.Inputs[0])}, {ctx.Pointer(op.Output)});", "neon-average");
    }
}
