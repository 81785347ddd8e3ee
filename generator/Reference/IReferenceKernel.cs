using EdgeGen.Ir;

namespace EdgeGen.Reference;

/// <summary>The reference implementation of one operator kind: TFLite's integer semantics, bit for bit.</summary>
public interface IReferenceKernel
{
    Type OperatorType { get; }
    void Run(Operator op, TensorStore store);
}

/// <summary>Typed base: a kernel for operator record <typeparamref name="TOp"/>.</summary>
public abstract class ReferenceKernel<TOp> : IReferenceKernel where TOp : Operator
{
    public Type OperatorType => typeof(TOp);
    public void Run(Operator op, TensorStore store) => Run((TOp)op, store);
    protected abstract void Run(TOp op, TensorStore store);
}
