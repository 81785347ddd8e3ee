using EdgeGen.Ir;
using EdgeGen.Ir.Ops;
using EdgeGen.Numerics.Params;
using EdgeGen.Targets;

namespace EdgeGen.Emit.CSharp.Kernels;

/// <summary>
/// TRANSPOSE_CONV as TFLite Micro computes it: every input pixel scatters its products into a
/// zeroed accumulator of the output's size (arena scratch: int for int8, long for 16x8), then
/// bias and per-channel requantization.
/// </summary>
public sealed class TransposeConvEmitter : CSharpKernelEmitter<TransposeConv>
{
    public override int ScratchBytes(Graph graph, TransposeConv op, TargetSpec target) =>
        graph[op.Output].Shape.ElementCount * (graph[op.InputId].Type == DataType.Int16 ? 8 : 4);

    protected override CSharpKernel Emit(CSharpKernelContext ctx, TransposeConv op)
    {
        var g = ctx.Graph;
        var input = g[op.InputId];
        var filter = g[op.FilterId];
        var output = ctx.OutputTensor;
        if (input.Type == DataType.Float32) throw new EdgeGenException($"operator #{ctx.Index} TRANSPOSE_CONV: float tensors are not supported by the C# generator");
        var (batches, inH, inW, cin) = (input.Shape[0], input.Shape[1], input.Shape[2], input.Shape[3]);
        var (outH, outW, cout) = (output.Shape[1], output.Shape[2], output.Shape[3]);
        var (filterH, filterW) = (filter.Shape[1], filter.Shape[2]);
        var (padTop, padLeft) = op.Padding(g);
        var is16 = input.Type == DataType.Int16;
        var rq = ChannelRequantization.For(input, filter, output, cout, op.Activation);
        var data = new ConvData(ctx, filter, input.Type, rq, 3, "oc");
        var acc = data.Accumulator;
        var type = CSharpFormat.TypeOf(input.Type);
        // int16x8 has no input offset (symmetric activations), as in TFLite.
        var inputOffset = is16 || rq.InputOffset == 0 ? "" : $" + {rq.InputOffset}";
        var body = $$"""
            new Span<{{acc}}>(scratch, {{output.Shape.ElementCount}}).Clear();
            for (int b = 0; b < {{batches}}; ++b)
            for (int iy = 0; iy < {{inH}}; ++iy)
            for (int ix = 0; ix < {{inW}}; ++ix)
            for (int ic = 0; ic < {{cin}}; ++ic)
            {
                {{acc}} value = ({{acc}})input[((b * {{inH}} + iy) * {{inW}} + ix) * {{cin}} + ic]{{inputOffset}};
                for (int ky = 0; ky < {{filterH}}; ++ky)
                {
                    int oy = iy * {{op.Window.StrideH}} - {{padTop}} + ky;
                    if (oy < 0 || oy >= {{outH}}) continue;
                    for (int kx = 0; kx < {{filterW}}; ++kx)
                    {
                        int ox = ix * {{op.Window.StrideW}} - {{padLeft}} + kx;
                        if (ox < 0 || ox >= {{outW}}) continue;
                        {{acc}}* o = scratch + ((b * {{outH}} + oy) * {{outW}} + ox) * {{cout}};
                        for (int oc = 0; oc < {{cout}}; ++oc)
                            o[oc] += value * weights[((oc * {{filterH}} + ky) * {{filterW}} + kx) * {{cin}} + ic];
                    }
                }
            }
            for (int i = 0; i < {{output.Shape.ElementCount}}; ++i)
            {
                int oc = i % {{cout}};
                output[i] = ({{type}}){{data.Requantized($"scratch[i] + {data.Bias}", "oc")}};
            }
            """;
        var code = data.Definitions + data.Method($"{type}* input, {type}* output, {acc}* scratch", body);
        return new CSharpKernel(code, $"{ctx.MethodName}({ctx.Pointer(op.InputId)}, {ctx.Pointer(op.Output)}, {ctx.ScratchPointer(acc)});", "scatter");
    }
}
