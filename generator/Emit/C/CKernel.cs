using EdgeGen.Ir;
using EdgeGen.Planning;
using EdgeGen.Targets;

namespace EdgeGen.Emit.C;

/// <summary>What the model emitter knows about one operator while its kernel is emitted.</summary>
public sealed record CKernelContext(Graph Graph, Operator Op, int Index, TargetSpec Target, MemoryPlan Plan)
{
    /// <summary>A file-unique C symbol for this operator: op3_weights, op3_kernel...</summary>
    public string Symbol(string suffix) => $"op{Index}_{suffix}";

    public string FunctionName => Symbol(Op.Kind.ToLowerInvariant());

    public Tensor Tensor(int id) => Graph[id];
    public Tensor InputTensor(int index) => Graph[Op.Inputs[index]];
    public Tensor OutputTensor => Graph[Op.Output];

    /// <summary>The C expression of a pointer to a tensor's first element, typed for its element type.</summary>
    public string Pointer(int tensorId, string constantSymbol = "")
    {
        var t = Graph[tensorId];
        var type = CFormat.TypeOf(t.Type);
        var s = Plan[tensorId];
        return s.Kind switch
        {
            StorageKind.Arena => $"({type} *)(EG_ARENA + {s.Offset})",
            StorageKind.Input => $"input{s.Index}",
            StorageKind.Output => $"output{s.Index}",
            StorageKind.Constant => constantSymbol.Length > 0 ? constantSymbol : throw new InvalidOperationException($"constant tensor '{t.Name}' has no symbol"),
            _ => throw new ArgumentOutOfRangeException(nameof(tensorId)),
        };
    }

    public string ScratchPointer(string cType) => Plan.Scratch.TryGetValue(Index, out var s)
        ? $"({cType} *)(EG_ARENA + {s.Offset})"
        : throw new InvalidOperationException($"operator #{Index} has no scratch buffer");

    /// <summary>True when the operator's output shares bytes with input <paramref name="index"/> (then no restrict).</summary>
    public bool InPlace(int index = 0) => Plan.SameBuffer(Op.Inputs[index], Op.Output);

    public string Restrict => Op.Inputs.Where(i => i >= 0).Any(i => Plan.SameBuffer(i, Op.Output)) ? "" : "restrict ";
}

/// <summary>
/// The C for one operator: constant data (weights, multipliers) and a specialized static function,
/// plus the statement that calls it from the model's invoke function.
/// </summary>
public sealed record CKernel(string Definitions, string Call, string Variant);

/// <summary>Emits one operator kind as C. Implementations live in Emit/C/Kernels, one file per kind.</summary>
public interface ICKernelEmitter : IOperatorEmitter
{
    /// <summary>Arena bytes the kernel needs for the duration of its call (counted in the memory plan).</summary>
    int ScratchBytes(Graph graph, Operator op, TargetSpec target) => 0;

    CKernel Emit(CKernelContext context);
}

public abstract class CKernelEmitter<TOp> : ICKernelEmitter where TOp : Operator
{
    public Type OperatorType => typeof(TOp);
    public virtual int ScratchBytes(Graph graph, TOp op, TargetSpec target) => 0;
    int ICKernelEmitter.ScratchBytes(Graph graph, Operator op, TargetSpec target) => ScratchBytes(graph, (TOp)op, target);
    public CKernel Emit(CKernelContext context) => Emit(context, (TOp)context.Op);
    protected abstract CKernel Emit(CKernelContext context, TOp op);
}
