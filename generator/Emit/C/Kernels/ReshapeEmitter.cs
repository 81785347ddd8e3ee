using EdgeGen.Ir.Ops;

namespace EdgeGen.Emit.C.Kernels;

/// <summary>RESHAPE: nothing when the memory plan made the output a view of the input, else one memcpy.</summary>
public sealed class ReshapeEmitter : CKernelEmitter<Reshape>
{
    protected override CKernel Emit(CKernelContext ctx, Reshape op)
    {
        if (ctx.InPlace()) return new CKernel("", $"/* {op.Kind}: a view of its input, no code */", "view");
        return new CKernel("", $"memcpy({ctx.Pointer(op.Output)}, {ctx.Pointer(op.Inputs[0])}, {ctx.OutputTensor.ByteSize});", "copy");
    }
}
