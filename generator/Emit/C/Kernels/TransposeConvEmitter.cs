using EdgeGen.Ir;
using EdgeGen.Ir.Ops;
using EdgeGen.Numerics.Params;
using EdgeGen.Targets;

namespace EdgeGen.Emit.C.Kernels;

/// <summary>
/// TRANSPOSE_CONV as TFLite Micro computes it: every input pixel scatters its products into a
/// zeroed accumulator of the output's size (arena scratch: int32 for int8, int64 for 16x8), then
/// bias and per-channel requantization.
/// </summary>
public sealed class TransposeConvEmitter : CKernelVariant<TransposeConv>
{
    public override string Name => "generic";
    public override long EstimatedInstructions(Graph graph, TransposeConv op, TargetSpec target) => 3L * op.Macs(graph) + 20L * graph[op.Output].Shape.ElementCount;

    public override int ScratchBytes(Graph graph, TransposeConv op, TargetSpec target) =>
        graph[op.Output].Shape.ElementCount * (graph[op.InputId].Type == DataType.Int16 ? 8 : 4);

    protected override CKernel Emit(CKernelContext ctx, TransposeConv op)
    {
        var g = ctx.Graph;
        var input = g[op.InputId];
        var filter = g[op.FilterId];
        var output = ctx.OutputTensor;
        var (batches, inH, inW, cin) = (input.Shape[0], input.Shape[1], input.Shape[2], input.Shape[3]);
        var (outH, outW, cout) = (output.Shape[1], output.Shape[2], output.Shape[3]);
        var (filterH, filterW) = (filter.Shape[1], filter.Shape[2]);
        var (padTop, padLeft) = op.Padding(g);
        var is16 = input.Type == DataType.Int16;
        var rq = ChannelRequantization.For(input, filter, output, cout, op.Activation);
        var (rqDefs, mult, shift) = ConvConstants.Requantization(ctx, rq, "oc");
        var (biasDefs, bias) = ConvConstants.Bias(ctx, 3, "oc");
        var (acc, requantize) = ConvConstants.Accumulator(input.Type);
        var weights = ctx.Symbol("weights");
        var type = CFormat.TypeOf(input.Type);
        var inputOffset = is16 || rq.InputOffset == 0 ? "" : $" + {rq.InputOffset}";
        var outputOffset = is16 ? "" : $" + {rq.OutputOffset}";
        var code = $$"""
            {{ConvConstants.Weights(ctx, filter, weights)}}{{biasDefs}}{{rqDefs}}
            EG_KERNEL void {{ctx.FunctionName}}(const {{type}} *{{ctx.Restrict}}input, {{type}} *{{ctx.Restrict}}output, {{acc}} *{{ctx.Restrict}}scratch)
            {
                int b, iy, ix, ic, ky, kx, oc, i;
                for (i = 0; i < {{output.Shape.ElementCount}}; ++i) scratch[i] = 0;
                for (b = 0; b < {{batches}}; ++b)
                for (iy = 0; iy < {{inH}}; ++iy)
                for (ix = 0; ix < {{inW}}; ++ix)
                for (ic = 0; ic < {{cin}}; ++ic) {
                    const {{acc}} value = ({{acc}})input[((b * {{inH}} + iy) * {{inW}} + ix) * {{cin}} + ic]{{inputOffset}};
                    for (ky = 0; ky < {{filterH}}; ++ky) {
                        const int oy = iy * {{op.Window.StrideH}} - {{padTop}} + ky;
                        if (oy < 0 || oy >= {{outH}}) continue;
                        for (kx = 0; kx < {{filterW}}; ++kx) {
                            const int ox = ix * {{op.Window.StrideW}} - {{padLeft}} + kx;
                            {{acc}} *out;
                            if (ox < 0 || ox >= {{outW}}) continue;
                            out = scratch + ((b * {{outH}} + oy) * {{outW}} + ox) * {{cout}};
                            for (oc = 0; oc < {{cout}}; ++oc)
                                out[oc] += value * {{weights}}[((oc * {{filterH}} + ky) * {{filterW}} + kx) * {{cin}} + ic];
                        }
                    }
                }
                for (i = 0; i < {{output.Shape.ElementCount}}; ++i) {
                    int32_t v;
                    oc = i % {{cout}};
                    v = {{requantize}}(scratch[i] + {{bias}}, {{mult}}, {{shift}}){{outputOffset}};
                    output[i] = ({{type}})eg_clamp(v, {{rq.Range.Min}}, {{rq.Range.Max}});
                }
            }

            """;
        return new CKernel(code, $"{ctx.FunctionName}({ctx.Pointer(op.InputId)}, {ctx.Pointer(op.Output)}, {ctx.ScratchPointer(acc)});", "scatter");
    }
}
