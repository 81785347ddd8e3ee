using EdgeGen.Ir;
using EdgeGen.Ir.Ops;
using EdgeGen.Targets;

namespace EdgeGen.Emit.C.Kernels;

/// <summary>RESHAPE: nothing when the memory plan made the output a view of the input, else one memcpy.</summary>
public sealed class ReshapeEmitter : CKernelVariant<Reshape>
{
    public override string Name => "generic";

    /// <summary>Nothing when the plan makes the output a view (the usual case), else a word copy.</summary>
    public override long EstimatedInstructions(Graph graph, Reshape op, TargetSpec target) => 0;

    protected override CKernel Emit(CKernelContext ctx, Reshape op)
    {
        if (ctx.InPlace()) return new CKernel("", $"/* {op.Kind}: a view of its input, no code */", "view");
        return new CKernel("", $"memcpy({ctx.Pointer(op.Output)}, {ctx.Pointer(op.Inputs[0])}, {ctx.OutputTensor.ByteSize});", "copy");
    }
}
