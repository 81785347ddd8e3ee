using EdgeGen.Ir;
using EdgeGen.Ir.Ops;
using EdgeGen.Targets;

namespace EdgeGen.Emit.C.Kernels.Neon;

// The ternary kernels for NEON targets as variants of FULLY_CONNECTED and of 1x1 stride-1 CONV_2D (each
// pixel a matrix-vector product): they apply only to layers whose int8 weights are trit planes
// (TernaryDetection), and compete with the int8 NEON kernels ("neon") on the estimated instructions of each layer.

/// <summary>The table-lookup kernel on packed trit indices (<see cref="NeonTernaryLut"/>).</summary>
public abstract class NeonTernaryLutVariant<TOp> : CKernelVariant<TOp>, ICodeSizeEstimate where TOp : Operator
{
    public override string Name => "neon-ternary-lut";

    public override bool Applies(Graph graph, TOp op, TargetSpec target) => NeonTernaryLayer.Of(graph, op, target) is not null;

    public override long EstimatedInstructions(Graph graph, TOp op, TargetSpec target) =>
        NeonTernaryLut.EstimatedInstructions(NeonTernaryLayer.Of(graph, op, target)!);

    public override int ScratchBytes(Graph graph, TOp op, TargetSpec target) =>
        NeonTernaryLut.ScratchBytes(NeonTernaryLayer.Of(graph, op, target)!);

    public long CodeBytes(Graph graph, Operator op, TargetSpec target) => NeonTernaryLut.CodeBytes(NeonTernaryLayer.Of(graph, op, target)!);

    protected override CKernel Emit(CKernelContext ctx, TOp op) =>
        NeonTernaryLut.Emit(ctx, op, NeonTernaryLayer.Of(ctx.Graph, op, ctx.Target)!);
}

/// <summary>The unrolled kernel with the trits baked into the code, for small layers (<see cref="NeonTernaryUnrolled"/>).</summary>
public abstract class NeonTernaryUnrolledVariant<TOp> : CKernelVariant<TOp>, ICodeSizeEstimate where TOp : Operator
{
    public override string Name => "neon-ternary-unrolled";

    /// <summary>Only while its code stays within <see cref="NeonTernaryUnrolled.MaxCodeBytes"/>: beyond, the lookup kernel's packed indices are smaller.</summary>
    public override bool Applies(Graph graph, TOp op, TargetSpec target) =>
        NeonTernaryLayer.Of(graph, op, target) is { } layer && NeonTernaryUnrolled.Applies(layer);

    public override long EstimatedInstructions(Graph graph, TOp op, TargetSpec target) =>
        NeonTernaryUnrolled.EstimatedInstructions(NeonTernaryLayer.Of(graph, op, target)!);

    public override int ScratchBytes(Graph graph, TOp op, TargetSpec target) =>
        NeonTernaryUnrolled.ScratchBytes(NeonTernaryLayer.Of(graph, op, target)!);

    public long CodeBytes(Graph graph, Operator op, TargetSpec target) => NeonTernaryUnrolled.CodeBytes(NeonTernaryLayer.Of(graph, op, target)!);

    protected override CKernel Emit(CKernelContext ctx, TOp op) =>
        NeonTernaryUnrolled.Emit(ctx, op, NeonTernaryLayer.Of(ctx.Graph, op, ctx.Target)!);
}

public sealed class NeonTernaryLutFullyConnectedVariant : NeonTernaryLutVariant<FullyConnected>;

public sealed class NeonTernaryLutConv2DVariant : NeonTernaryLutVariant<Conv2D>;

public sealed class NeonTernaryUnrolledFullyConnectedVariant : NeonTernaryUnrolledVariant<FullyConnected>;

public sealed class NeonTernaryUnrolledConv2DVariant : NeonTernaryUnrolledVariant<Conv2D>;
