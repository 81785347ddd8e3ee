using EdgeGen.Ir;
using EdgeGen.Ir.Ops;
using EdgeGen.Numerics;
using EdgeGen.Reference.Kernels;

namespace EdgeGen.Emit.CSharp.Kernels;

/// <summary>AVERAGE_POOL_2D and MAX_POOL_2D: the window clipped to the input, average rounded half away from zero.</summary>
public sealed class AveragePool2DEmitter : CSharpKernelEmitter<AveragePool2D>
{
    protected override CSharpKernel Emit(CSharpKernelContext ctx, AveragePool2D op) => PoolEmitter.Emit(ctx, op, average: true);
}

public sealed class MaxPool2DEmitter : CSharpKernelEmitter<MaxPool2D>
{
    protected override CSharpKernel Emit(CSharpKernelContext ctx, MaxPool2D op) => PoolEmitter.Emit(ctx, op, average: false);
}

internal static class PoolEmitter
{
    public static CSharpKernel Emit(CSharpKernelContext ctx, Pool2D op, bool average)
    {
        var input = ctx.InputTensor(0);
        var output = ctx.OutputTensor;
        if (input.Type == DataType.Float32) throw new EdgeGenException($"operator #{ctx.Index} {op.Kind}: float tensors are not supported by the C# generator");
        var geo = ConvLoop.For(input.Shape, op.FilterH, op.FilterW, output.Shape, op.Window);
        var c = input.Shape[3];
        var range = ActivationRange.For(op.Activation, output);
        var type = CSharpFormat.TypeOf(input.Type);
        var init = average ? "0" : "int.MinValue";
        var step = average ? "acc += v;" : "if (v > acc) acc = v;";
        var count = average ? "\n            int count = (ky1 - ky0) * (kx1 - kx0);" : "";
        var finish = average ? "\n                acc = acc > 0 ? (acc + count / 2) / count : (acc - count / 2) / count;" : "";
        var body = $$"""
            for (int b = 0; b < {{geo.Batches}}; ++b)
            {
                {{type}}* inb = input + b * {{geo.InH * geo.InW * c}};
                for (int oy = 0; oy < {{geo.OutH}}; ++oy)
                {
                    int iy0 = oy * {{geo.StrideH}} - {{geo.PadTop}};
                    int ky0 = iy0 < 0 ? -iy0 : 0;
                    int ky1 = {{geo.InH}} - iy0 < {{op.FilterH}} ? {{geo.InH}} - iy0 : {{op.FilterH}};
                    for (int ox = 0; ox < {{geo.OutW}}; ++ox)
                    {
                        int ix0 = ox * {{geo.StrideW}} - {{geo.PadLeft}};
                        int kx0 = ix0 < 0 ? -ix0 : 0;
                        int kx1 = {{geo.InW}} - ix0 < {{op.FilterW}} ? {{geo.InW}} - ix0 : {{op.FilterW}};{{count}}
                        for (int ch = 0; ch < {{c}}; ++ch)
                        {
                            int acc = {{init}};
                            for (int ky = ky0; ky < ky1; ++ky)
                            {
                                for (int kx = kx0; kx < kx1; ++kx)
                                {
                                    int v = inb[((iy0 + ky) * {{geo.InW}} + ix0 + kx) * {{c}} + ch];
                                    {{step}}
                                }
                            }{{finish}}
                            *output++ = ({{type}})FixedPoint.Clamp(acc, {{range.Min}}, {{range.Max}});
                        }
                    }
                }
            }
            """;
        var code = CSharpMethod.Static(ctx.MethodName, $"{type}* input, {type}* output", body);
        return new CSharpKernel(code, ctx.Call(op.Inputs[0], op.Output), "generic");
    }
}
