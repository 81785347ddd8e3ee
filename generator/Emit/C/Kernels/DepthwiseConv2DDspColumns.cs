using EdgeGen.Ir;
using EdgeGen.Ir.Ops;
using EdgeGen.Numerics.Params;
using EdgeGen.Reference.Kernels;
using EdgeGen.Targets;

namespace EdgeGen.Emit.C.Kernels;

/// <summary>
/// DEPTHWISE_CONV_2D int8 with one input channel (any depth multiplier M), on cores with the DSP extension: such an
/// operator is a convolution with one input channel and M output channels (output channel m uses filter channel m),
/// so it runs as the DSP convolution's im2col columns and 2x2 SMLAD blocks (<see cref="Conv2DDsp"/>), with the
/// filter transposed at generation time from [1][KH][KW][M] to [M][KH*KW]. Audio front ends (micro_speech) start so.
/// </summary>
public sealed class DepthwiseConv2DDspColumns : CKernelVariant<DepthwiseConv2D>
{
    public override string Name => "dsp_columns";

    public override bool Applies(Graph graph, DepthwiseConv2D op, TargetSpec target) =>
        target.Has("dsp") && graph[op.Inputs[0]].Type == DataType.Int8 && graph[op.Inputs[0]].Shape[3] == 1
        && LayerFolding.Of(graph, op) is not null;

    public override long EstimatedInstructions(Graph graph, DepthwiseConv2D op, TargetSpec target) => Conv2DDsp.Estimate(Columns(graph, op));

    public override int ScratchBytes(Graph graph, DepthwiseConv2D op, TargetSpec target) => Columns(graph, op).ScratchBytes;

    private static ConvColumns Columns(Graph graph, DepthwiseConv2D op)
    {
        var input = graph[op.Inputs[0]];
        var filter = graph[op.Inputs[1]];
        var output = graph[op.Output];
        var geo = ConvLoop.For(input.Shape, filter.Shape[1], filter.Shape[2], output.Shape, op.Window);
        return new ConvColumns(geo, 1, output.Shape[3], input.Quant.ZeroPoint);
    }

    /// <summary>Filter [1][KH][KW][M] as [M][KH*KW]: output channel m's taps in (ky, kx) order, the order of a column.</summary>
    internal static sbyte[] Transposed(sbyte[] w, int taps, int channels) =>
        Enumerable.Range(0, channels).SelectMany(m => Enumerable.Range(0, taps).Select(t => w[t * channels + m])).ToArray();

    protected override CKernel Emit(CKernelContext ctx, DepthwiseConv2D op)
    {
        var c = Columns(ctx.Graph, op);
        var filter = Transposed(ctx.InputTensor(1).Int8Data.ToArray(), c.Geo.FilterH * c.Geo.FilterW, c.Cout);
        return Conv2DDsp.EmitColumns(ctx, c, LayerFolding.Of(ctx.Graph, op)!, filter, Name);
    }
}
