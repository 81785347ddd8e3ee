using EdgeGen.Ir;
using EdgeGen.Ir.Ops;
using EdgeGen.Targets;

namespace EdgeGen.Emit.C.Kernels.Neon;

// The ternary FULLY_CONNECTED kernels for NEON targets as variants of FULLY_CONNECTED: they apply
// only to layers whose int8 weights are trit planes (TernaryDetection), and compete with the int8
// NEON kernel ("neon") on the estimated instructions of each layer.

/// <summary>The table-lookup kernel on packed trit indices (<see cref="NeonTernaryLut"/>).</summary>
public sealed class NeonTernaryLutFullyConnectedVariant : CKernelVariant<FullyConnected>
{
    public override string Name => "neon-ternary-lut";

    public override bool Applies(Graph graph, FullyConnected op, TargetSpec target) => NeonTernaryLayer.Of(graph, op, target) is not null;

    public override long EstimatedInstructions(Graph graph, FullyConnected op, TargetSpec target) =>
        NeonTernaryLut.EstimatedInstructions(NeonTernaryLayer.Of(graph, op, target)!);

    public override int ScratchBytes(Graph graph, FullyConnected op, TargetSpec target) =>
        NeonTernaryLut.ScratchBytes(NeonTernaryLayer.Of(graph, op, target)!);

    protected override CKernel Emit(CKernelContext ctx, FullyConnected op) =>
        NeonTernaryLut.Emit(ctx, op, NeonTernaryLayer.Of(ctx.Graph, op, ctx.Target)!);
}

/// <summary>The unrolled kernel with the trits baked into the code, for small layers (<see cref="NeonTernaryUnrolled"/>).</summary>
public sealed class NeonTernaryUnrolledFullyConnectedVariant : CKernelVariant<FullyConnected>
{
    public override string Name => "neon-ternary-unrolled";

    public override bool Applies(Graph graph, FullyConnected op, TargetSpec target) =>
        NeonTernaryLayer.Of(graph, op, target) is { } layer && NeonTernaryUnrolled.Applies(layer);

    public override long EstimatedInstructions(Graph graph, FullyConnected op, TargetSpec target) =>
        NeonTernaryUnrolled.EstimatedInstructions(NeonTernaryLayer.Of(graph, op, target)!);

    public override int ScratchBytes(Graph graph, FullyConnected op, TargetSpec target) =>
        NeonTernaryUnrolled.ScratchBytes(NeonTernaryLayer.Of(graph, op, target)!);

    protected override CKernel Emit(CKernelContext ctx, FullyConnected op) =>
        NeonTernaryUnrolled.Emit(ctx, op, NeonTernaryLayer.Of(ctx.Graph, op, ctx.Target)!);
}
