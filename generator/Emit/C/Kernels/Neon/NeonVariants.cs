using EdgeGen.Ir;
using EdgeGen.Ir.Ops;
using EdgeGen.Targets;

namespace EdgeGen.Emit.C.Kernels.Neon;

// The NEON kernels as variants of their operator kinds: they apply on targets with NEON (Cortex-A)
// to the int8 cases each kernel supports, and the cost model ranks them below the portable loops.
// The estimates follow the measured instructions per MAC or per element under qemu-aarch64 (see
// the README's Cortex-A table); they only need to order the variants of one operator correctly.

/// <summary>Every NEON kernel calls helpers of runtime/c/edgegen_neon.h.</summary>
internal static class NeonHeader
{
    public static CKernel Add(CKernel kernel) => kernel with { Headers = kernel.Headers.Append("edgegen_neon.h").ToList() };
}

public sealed class NeonConv2DVariant : CKernelVariant<Conv2D>
{
    public override string Name => "neon";
    public override bool Applies(Graph graph, Conv2D op, TargetSpec target) => NeonConv2D.Supports(graph, op, target);
    public override long EstimatedInstructions(Graph graph, Conv2D op, TargetSpec target) =>
        op.Macs(graph) * (NeonGemm.UsesDot(target) ? 12 : 25) / 100 + 4L * graph[op.Output].Shape.ElementCount;
    public override int ScratchBytes(Graph graph, Conv2D op, TargetSpec target) => NeonConv2D.ScratchBytes(graph, op, target);
    protected override CKernel Emit(CKernelContext ctx, Conv2D op) => NeonHeader.Add(NeonConv2D.Emit(ctx, op));
}

public sealed class NeonDepthwiseConv2DVariant : CKernelVariant<DepthwiseConv2D>
{
    public override string Name => "neon";
    public override bool Applies(Graph graph, DepthwiseConv2D op, TargetSpec target) => NeonDepthwiseConv2D.Supports(graph, op, target);
    public override long EstimatedInstructions(Graph graph, DepthwiseConv2D op, TargetSpec target) =>
        op.Macs(graph) * 6 / 10 + 2L * graph[op.Output].Shape.ElementCount;
    public override int ScratchBytes(Graph graph, DepthwiseConv2D op, TargetSpec target) => NeonDepthwiseConv2D.ScratchBytes(graph, op, target);
    protected override CKernel Emit(CKernelContext ctx, DepthwiseConv2D op) => NeonHeader.Add(NeonDepthwiseConv2D.Emit(ctx, op));
}

public sealed class NeonFullyConnectedVariant : CKernelVariant<FullyConnected>
{
    public override string Name => "neon";
    public override bool Applies(Graph graph, FullyConnected op, TargetSpec target) => NeonFullyConnected.Supports(graph, op, target);
    public override long EstimatedInstructions(Graph graph, FullyConnected op, TargetSpec target) =>
        op.Macs(graph) * (NeonGemm.UsesDot(target) ? 13 : 29) / 100 + 4L * graph[op.Output].Shape.ElementCount;
    public override int ScratchBytes(Graph graph, FullyConnected op, TargetSpec target) => NeonFullyConnected.ScratchBytes(graph, op);
    protected override CKernel Emit(CKernelContext ctx, FullyConnected op) => NeonHeader.Add(NeonFullyConnected.Emit(ctx, op));
}

public sealed class NeonAddVariant : CKernelVariant<Add>
{
    public override string Name => "neon";
    public override bool Applies(Graph graph, Add op, TargetSpec target) => NeonElementwise.Supports(graph, op, target);
    public override long EstimatedInstructions(Graph graph, Add op, TargetSpec target) => 2L * graph[op.Output].Shape.ElementCount;
    protected override CKernel Emit(CKernelContext ctx, Add op) => NeonHeader.Add(NeonElementwise.Emit(ctx, op, subtract: false));
}

public sealed class NeonSubVariant : CKernelVariant<Sub>
{
    public override string Name => "neon";
    public override bool Applies(Graph graph, Sub op, TargetSpec target) => NeonElementwise.Supports(graph, op, target);
    public override long EstimatedInstructions(Graph graph, Sub op, TargetSpec target) => 2L * graph[op.Output].Shape.ElementCount;
    protected override CKernel Emit(CKernelContext ctx, Sub op) => NeonHeader.Add(NeonElementwise.Emit(ctx, op, subtract: true));
}

public sealed class NeonAveragePoolVariant : CKernelVariant<AveragePool2D>
{
    public override string Name => "neon";
    public override bool Applies(Graph graph, AveragePool2D op, TargetSpec target) => NeonAveragePool.Supports(graph, op, target);
    public override long EstimatedInstructions(Graph graph, AveragePool2D op, TargetSpec target) =>
        (long)graph[op.Output].Shape.ElementCount * (op.FilterH * op.FilterW / 4 + 4);
    protected override CKernel Emit(CKernelContext ctx, AveragePool2D op) => NeonHeader.Add(NeonAveragePool.Emit(ctx, op));
}
