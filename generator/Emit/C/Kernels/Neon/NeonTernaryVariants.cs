using EdgeGen.Ir;
using EdgeGen.Ir.Ops;
using EdgeGen.Targets;

namespace EdgeGen.Emit.C.Kernels.Neon;

// The ternary kernels for NEON targets as variants of FULLY_CONNECTED and of 1x1 stride-1 CONV_2D (each
// pixel a matrix-vector product): they apply only to layers whose int8 weights are trit planes
// (TernaryDetection), and compete with the int8 NEON kernels ("neon") on the estimated instructions of each layer.

/// <summary>A NEON ternary kernel's functions of the analysed layer (<see cref="NeonTernaryLayer"/>); Applies null: every ternary layer.</summary>
internal sealed record NeonTernaryKernel(
    Func<NeonTernaryLayer, long> EstimatedInstructions,
    Func<NeonTernaryLayer, int> ScratchBytes,
    Func<NeonTernaryLayer, long> CodeBytes,
    Func<CKernelContext, Operator, NeonTernaryLayer, CKernel> Emit,
    Func<NeonTernaryLayer, TargetSpec, bool>? Applies = null);

/// <summary>What every NEON ternary variant shares: the layer analysis, handed to its kernel's functions.</summary>
public abstract class NeonTernaryVariant<TOp> : CKernelVariant<TOp>, ICodeSizeEstimate where TOp : Operator
{
    internal abstract NeonTernaryKernel Kernel { get; }

    public override bool Applies(Graph graph, TOp op, TargetSpec target) =>
        NeonTernaryLayer.Of(graph, op, target) is { } layer && (Kernel.Applies?.Invoke(layer, target) ?? true);

    public override long EstimatedInstructions(Graph graph, TOp op, TargetSpec target) =>
        Kernel.EstimatedInstructions(NeonTernaryLayer.Of(graph, op, target)!);

    public override int ScratchBytes(Graph graph, TOp op, TargetSpec target) => Kernel.ScratchBytes(NeonTernaryLayer.Of(graph, op, target)!);

    public long CodeBytes(Graph graph, Operator op, TargetSpec target) => Kernel.CodeBytes(NeonTernaryLayer.Of(graph, op, target)!);

    protected override CKernel Emit(CKernelContext ctx, TOp op) => Kernel.Emit(ctx, op, NeonTernaryLayer.Of(ctx.Graph, op, ctx.Target)!);
}

/// <summary>The table-lookup kernel on packed trit indices (<see cref="NeonTernaryLut"/>).</summary>
public abstract class NeonTernaryLutVariant<TOp> : NeonTernaryVariant<TOp> where TOp : Operator
{
    public override string Name => "neon-ternary-lut";

    internal override NeonTernaryKernel Kernel { get; } =
        new(NeonTernaryLut.EstimatedInstructions, NeonTernaryLut.ScratchBytes, NeonTernaryLut.CodeBytes, NeonTernaryLut.Emit);
}

/// <summary>The dot-product kernel on int8 trits, only where sdot exists (<see cref="NeonTernaryDot"/>).</summary>
public abstract class NeonTernaryDotVariant<TOp> : NeonTernaryVariant<TOp> where TOp : Operator
{
    public override string Name => "neon-ternary-dot";

    internal override NeonTernaryKernel Kernel { get; } =
        new(NeonTernaryDot.EstimatedInstructions, NeonTernaryDot.ScratchBytes, NeonTernaryDot.CodeBytes, NeonTernaryDot.Emit,
            (_, target) => NeonGemm.UsesDot(target));
}

/// <summary>
/// The unrolled kernel with the trits baked into the code, for small layers (<see cref="NeonTernaryUnrolled"/>): only while
/// its code stays within <see cref="NeonTernaryUnrolled.MaxCodeBytes"/> (beyond, the lookup kernel's packed indices are smaller).
/// </summary>
public abstract class NeonTernaryUnrolledVariant<TOp> : NeonTernaryVariant<TOp> where TOp : Operator
{
    public override string Name => "neon-ternary-unrolled";

    internal override NeonTernaryKernel Kernel { get; } =
        new(NeonTernaryUnrolled.EstimatedInstructions, NeonTernaryUnrolled.ScratchBytes, NeonTernaryUnrolled.CodeBytes, NeonTernaryUnrolled.Emit,
            (layer, _) => NeonTernaryUnrolled.Applies(layer));
}

public sealed class NeonTernaryLutFullyConnectedVariant : NeonTernaryLutVariant<FullyConnected>;

public sealed class NeonTernaryLutConv2DVariant : NeonTernaryLutVariant<Conv2D>;

public sealed class NeonTernaryDotFullyConnectedVariant : NeonTernaryDotVariant<FullyConnected>;

public sealed class NeonTernaryDotConv2DVariant : NeonTernaryDotVariant<Conv2D>;

public sealed class NeonTernaryUnrolledFullyConnectedVariant : NeonTernaryUnrolledVariant<FullyConnected>;

public sealed class NeonTernaryUnrolledConv2DVariant : NeonTernaryUnrolledVariant<Conv2D>;
