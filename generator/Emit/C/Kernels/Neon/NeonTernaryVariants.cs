using EdgeGen.Ir;
using EdgeGen.Ir.Ops;
using EdgeGen.Targets;

namespace EdgeGen.Emit.C.Kernels.Neon;

// The ternary FULLY_CONNECTED kernels for NEON targets as variants of FULLY_CONNECTED: they apply
// only to layers whose int8 weights are trit planes (TernaryDetection), and compete with the int8
// NEON kernel ("neon") on the estimated instructions of each layer.

/// <summary>The table-lookup kernel on packed trit indices (<see cref="NeonTernaryLut"/>).</summary>
public sealed class NeonTernaryLutFullyConnectedVariant : CKernelVariant<FullyConnected>, ICodeSizeEstimate
{
    public override string Name => "neon-ternary-lut";

    public override bool Applies(Graph graph, FullyConnected op, TargetSpec target) => NeonTernaryLayer.Of(graph, op, target) is not null;

    public override long EstimatedInstructions(Graph graph, FullyConnected op, TargetSpec target) =>
        NeonTernaryLut.EstimatedInstructions(NeonTernaryLayer.Of(graph, op, target)!);

    public override int ScratchBytes(Graph graph, FullyConnected op, TargetSpec target) =>
        NeonTernaryLut.ScratchBytes(NeonTernaryLayer.Of(graph, op, target)!);

    public long CodeBytes(Graph graph, Operator op, TargetSpec target) => NeonTernaryLut.CodeBytes(NeonTernaryLayer.Of(graph, (FullyConnected)op, target)!);

    protected override CKernel Emit(CKernelContext ctx, FullyConnected op) =>
        NeonTernaryLut.Emit(ctx, op, NeonTernaryLayer.Of(ctx.Graph, op, ctx.Target)!);
}

/// <summary>The unrolled kernel with the trits baked into the code, for small layers (<see cref="NeonTernaryUnrolled"/>).</summary>
public sealed class NeonTernaryUnrolledFullyConnectedVariant : CKernelVariant<FullyConnected>, ICodeSizeEstimate
{
    public override string Name => "neon-ternary-unrolled";

    /// <summary>Only while its code stays within <see cref="NeonTernaryUnrolled.MaxCodeBytes"/>: beyond, the lookup kernel's packed indices are smaller.</summary>
    public override bool Applies(Graph graph, FullyConnected op, TargetSpec target) =>
        NeonTernaryLayer.Of(graph, op, target) is { } layer && NeonTernaryUnrolled.Applies(layer);

    public override long EstimatedInstructions(Graph graph, FullyConnected op, TargetSpec target) =>
        NeonTernaryUnrolled.EstimatedInstructions(NeonTernaryLayer.Of(graph, op, target)!);

    public override int ScratchBytes(Graph graph, FullyConnected op, TargetSpec target) =>
        NeonTernaryUnrolled.ScratchBytes(NeonTernaryLayer.Of(graph, op, target)!);

    public long CodeBytes(Graph graph, Operator op, TargetSpec target) => NeonTernaryUnrolled.CodeBytes(NeonTernaryLayer.Of(graph, (FullyConnected)op, target)!);

    protected override CKernel Emit(CKernelContext ctx, FullyConnected op) =>
        NeonTernaryUnrolled.Emit(ctx, op, NeonTernaryLayer.Of(ctx.Graph, op, ctx.Target)!);
}
