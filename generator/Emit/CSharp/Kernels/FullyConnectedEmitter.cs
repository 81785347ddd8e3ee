using EdgeGen.Ir;
using EdgeGen.Ir.Ops;
using EdgeGen.Numerics.Params;

namespace EdgeGen.Emit.CSharp.Kernels;

/// <summary>
/// FULLY_CONNECTED: one dot product per unit with literal sizes and quantization; int8 with
/// symmetric weights takes the SIMD dot product, int16x8 (or weights with a zero point) a scalar loop.
/// </summary>
public sealed class FullyConnectedEmitter : CSharpKernelEmitter<FullyConnected>
{
    protected override CSharpKernel Emit(CSharpKernelContext ctx, FullyConnected op)
    {
        var input = ctx.InputTensor(0);
        var filter = ctx.InputTensor(1);
        var output = ctx.OutputTensor;
        if (input.Type == DataType.Float32) throw new EdgeGenException($"operator #{ctx.Index} FULLY_CONNECTED: float tensors are not supported by the C# generator");
        if (TernaryFullyConnected.Applies(ctx, op) is { } ternary) return TernaryFullyConnected.Emit(ctx, op, ternary);
        var units = filter.Shape[0];
        var depth = filter.Shape[1];
        var batches = op.Batches(ctx.Graph);
        var rq = ChannelRequantization.For(input, filter, output, units, op.Activation);
        var data = new ConvData(ctx, filter, input.Type, rq, 2, "u", fast: LayerFolding.Of(ctx.Graph, op));
        var type = CSharpFormat.TypeOf(input.Type);
        var simd = input.Type == DataType.Int8 && filter.Quant.ZeroPoint == 0;
        var dot = simd
            ? $"acc += {ConvData.DotInt8("x", "w", depth, rq.InputOffset)};"
            : $"for (int d = 0; d < {depth}; ++d) acc += ({data.Accumulator})(x[d] + {rq.InputOffset}) * (w[d] + {-filter.Quant.ZeroPoint});";
        var prologue = simd && depth >= 8 ? ConvData.OffsetVector(rq.InputOffset) + "\n" : "";
        var body = prologue + $$"""
            for (int b = 0; b < {{batches}}; ++b)
            {
                {{type}}* x = input + b * {{depth}};
                sbyte* w = weights;
                for (int u = 0; u < {{units}}; ++u, w += {{depth}})
                {
                    {{data.Accumulator}} acc = {{data.Bias}};
                    {{dot}}
                    output[b * {{units}} + u] = ({{type}}){{data.Requantized("acc", "u")}};
                }
            }
            """;
        var code = data.Definitions + data.Method($"{type}* input, {type}* output", body);
        return new CSharpKernel(code, ctx.Call(op.Inputs[0], op.Output), simd ? "simd-dot" : "generic");
    }
}
