using EdgeGen.Ir.Ops;

namespace EdgeGen.Emit.CSharp.Kernels;

/// <summary>RESHAPE: nothing when the memory plan made the output a view of the input, else one block copy.</summary>
public sealed class ReshapeEmitter : CSharpKernelEmitter<Reshape>
{
    protected override CSharpKernel Emit(CSharpKernelContext ctx, Reshape op)
    {
        if (ctx.InPlace()) return new CSharpKernel("", $"// {op.Kind}: a view of its input, no code", "view");
        var bytes = ctx.OutputTensor.ByteSize;
        return new CSharpKernel("", $"Buffer.MemoryCopy({ctx.Pointer(op.Inputs[0])}, {ctx.Pointer(op.Output)}, {bytes}, {bytes});", "copy");
    }
}
