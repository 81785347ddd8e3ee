using EdgeGen.Ir;
using EdgeGen.Planning;
using EdgeGen.Targets;

namespace EdgeGen.Emit.CSharp;

/// <summary>What the model emitter knows about one operator while its C# kernel is emitted.</summary>
public sealed record CSharpKernelContext(Graph Graph, Operator Op, int Index, TargetSpec Target, MemoryPlan Plan)
{
    /// <summary>A class-unique member name for this operator: Op3Weights, Op3Multiplier...</summary>
    public string Symbol(string suffix) => $"Op{Index}{suffix}";

    public string MethodName => Symbol(CSharpFormat.Pascal(Op.Kind));

    public Tensor InputTensor(int index) => Graph[Op.Inputs[index]];
    public Tensor OutputTensor => Graph[Op.Output];

    /// <summary>The C# expression of a pointer to a tensor's first element, typed for its element type.</summary>
    public string Pointer(int tensorId)
    {
        var t = Graph[tensorId];
        var s = Plan[tensorId];
        return s.Kind switch
        {
            StorageKind.Arena => $"({CSharpFormat.TypeOf(t.Type)}*)(arena + {s.Offset})",
            StorageKind.Input => $"in{s.Index}",
            StorageKind.Output => $"out{s.Index}",
            _ => throw new InvalidOperationException($"tensor '{t.Name}' is a constant; kernels read constants from their own data"),
        };
    }

    /// <summary>A pointer to this operator's scratch buffer in the arena (its size came from the emitter's ScratchBytes).</summary>
    public string ScratchPointer(string type) => Plan.Scratch.TryGetValue(Index, out var s)
        ? $"({type}*)(arena + {s.Offset})"
        : throw new InvalidOperationException($"operator #{Index} has no scratch buffer");

    /// <summary>True when the operator's output shares bytes with input <paramref name="index"/>.</summary>
    public bool InPlace(int index = 0) => Plan.SameBuffer(Op.Inputs[index], Op.Output);

    /// <summary>The call of this operator's method with pointers to the given (activation) tensors.</summary>
    public string Call(params int[] tensorIds) => $"{MethodName}({string.Join(", ", tensorIds.Select(Pointer))});";
}

/// <summary>
/// The C# for one operator: static data (weights, multipliers) and a specialized static method,
/// plus the statement that calls it from Invoke. <see cref="Variant"/> names the kernel choice.
/// </summary>
public sealed record CSharpKernel(string Definitions, string Call, string Variant);

/// <summary>Emits one operator kind as C#. Implementations live in Emit/CSharp/Kernels, one file per kind.</summary>
public interface ICSharpKernelEmitter : IOperatorEmitter
{
    /// <summary>Arena bytes the kernel needs for the duration of its call (counted in the memory plan).</summary>
    int ScratchBytes(Graph graph, Operator op, TargetSpec target) => 0;

    CSharpKernel Emit(CSharpKernelContext context);
}

public abstract class CSharpKernelEmitter<TOp> : ICSharpKernelEmitter where TOp : Operator
{
    public Type OperatorType => typeof(TOp);
    public virtual int ScratchBytes(Graph graph, TOp op, TargetSpec target) => 0;
    int ICSharpKernelEmitter.ScratchBytes(Graph graph, Operator op, TargetSpec target) => ScratchBytes(graph, (TOp)op, target);
    public CSharpKernel Emit(CSharpKernelContext context) => Emit(context, (TOp)context.Op);
    protected abstract CSharpKernel Emit(CSharpKernelContext context, TOp op);
}
