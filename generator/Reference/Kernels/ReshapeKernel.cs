using EdgeGen.Ir.Ops;

namespace EdgeGen.Reference.Kernels;

/// <summary>RESHAPE: the bytes are unchanged.</summary>
public sealed class ReshapeKernel : ReferenceKernel<Reshape>
{
    protected override void Run(Reshape op, TensorStore s) => s.Set(op.Output, (byte[])s.Bytes(op.Inputs[0]).Clone());
}
