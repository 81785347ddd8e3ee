using EdgeGen.Ir;
using EdgeGen.Planning;
using EdgeGen.Targets;

namespace EdgeGen.Emit.C;

/// <summary>What the model emitter knows about one operator while its kernel is emitted.</summary>
public sealed record CKernelContext(Graph Graph, Operator Op, int Index, TargetSpec Target, MemoryPlan Plan)
{
    /// <summary>
    /// The operator number symbols are named after, when it differs from <see cref="Index"/>: the
    /// operators of a patched graph are named after the model operator they compute a patch of, so
    /// every patch of one operator shares its weights.
    /// </summary>
    public int? NameIndex { get; init; }

    /// <summary>Appended to the function name only: one function per patch geometry, sharing the operator's constants.</summary>
    public string FunctionSuffix { get; init; } = "";

    /// <summary>A file-unique C symbol for this operator: op3_weights, op3_kernel...</summary>
    public string Symbol(string suffix) => $"op{NameIndex ?? Index}_{suffix}{PrivateSuffix}";

    /// <summary>Appended to every symbol: a patch geometry whose constants differ from the first one's gets its own copy.</summary>
    public string PrivateSuffix { get; init; } = "";

    public string FunctionName => Symbol(Op.Kind.ToLowerInvariant()) + FunctionSuffix;

    /// <summary>
    /// A symbol whose definition depends on the operator's geometry (a helper function of its kernel):
    /// like <see cref="FunctionName"/>, one per patch geometry, while <see cref="Symbol"/> names data all patches share.
    /// </summary>
    public string GeometrySymbol(string suffix) => Symbol(suffix) + FunctionSuffix;

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
            StorageKind.Input => WithOffset($"input{s.Index}", s.Offset, t),
            StorageKind.Output => WithOffset($"output{s.Index}", s.Offset, t),
            StorageKind.Constant => constantSymbol.Length > 0 ? constantSymbol : throw new InvalidOperationException($"constant tensor '{t.Name}' has no symbol"),
            _ => throw new ArgumentOutOfRangeException(nameof(tensorId)),
        };
    }

    /// <summary>A caller's buffer, or a view into it (<see cref="TensorView"/>): the offset in elements of the tensor's type.</summary>
    private static string WithOffset(string buffer, int byteOffset, Tensor t) =>
        byteOffset == 0 ? buffer : $"({buffer} + {byteOffset / t.Type.SizeInBytes()})";

    /// <summary>
    /// An operand that may be an activation or a constant: for a constant, its data as a static
    /// array named after this operator (the definition to emit) and the array's name.
    /// </summary>
    public (string Definition, string Expression) Operand(int inputIndex)
    {
        var t = InputTensor(inputIndex);
        if (!t.IsConstant) return ("", Pointer(t.Id));
        var name = Symbol($"input{inputIndex}");
        var definition = t.Type switch
        {
            DataType.Int8 => CFormat.Int8Array(name, t.Int8Data.ToArray()),
            DataType.Int16 => CFormat.Int16Array(name, t.Int16Data.ToArray()),
            DataType.Int32 => CFormat.Int32Array(name, t.Int32Data.ToArray()),
            DataType.Float32 => CFormat.FloatArray(name, t.Float32Data.ToArray()),
            _ => throw new EdgeGenException($"operator #{Index} {Op.Kind}: constant operand '{t.Name}' of type {t.Type.DisplayName()} is not supported"),
        };
        return (definition, name);
    }

    public string ScratchPointer(string cType) => Plan.Scratch.TryGetValue(Index, out var s)
        ? $"({cType} *)(EG_ARENA + {s.Offset})"
        : throw new InvalidOperationException($"operator #{Index} has no scratch buffer");

    /// <summary>True when the operator's output shares bytes with input <paramref name="index"/> (then no restrict).</summary>
    public bool InPlace(int index = 0) => Plan.SameBuffer(Op.Inputs[index], Op.Output);

    public string Restrict => Op.Inputs.Where(i => i >= 0).Any(i => Shares(i, Op.Output)) ? "" : "restrict ";

    /// <summary>True when two tensors share any byte: the same buffer, or arena ranges that overlap (an output placed over its input).</summary>
    public bool Shares(int a, int b)
    {
        if (Plan.SameBuffer(a, b)) return true;
        var (sa, sb) = (Plan[a], Plan[b]);
        return sa.Kind == StorageKind.Arena && sb.Kind == StorageKind.Arena
            && sa.Offset < sb.Offset + Graph[b].ByteSize && sb.Offset < sa.Offset + Graph[a].ByteSize;
    }
}

/// <summary>
/// The C for one operator: constant data (weights, multipliers) and a specialized static function,
/// plus the statement that calls it from the model's invoke function.
/// </summary>
public sealed record CKernel(string Definitions, string Call, string Variant)
{
    /// <summary>Runtime headers (runtime/c) the definitions use beyond edgegen_fixedpoint.h.</summary>
    public IReadOnlyList<string> Headers { get; init; } = Array.Empty<string>();
}

/// <summary>
/// One way to emit an operator kind as C: a variant such as a portable loop nest or a DSP kernel. Every variant
/// says whether it applies to an operator on a target, what it costs (the cost model the selection compares)
/// and the scratch it needs; <see cref="KernelSelection"/> picks the cheapest. Implementations live in
/// Emit/C/Kernels, one file per operator kind and variant family, and are found by reflection.
/// </summary>
public interface ICKernelVariant
{
    Type OperatorType { get; }

    /// <summary>The variant's name as listings show it (generic, dsp_2x2, ...).</summary>
    string Name { get; }

    bool Applies(Graph graph, Operator op, TargetSpec target);

    /// <summary>Estimated instructions of one call on the target (the cost model).</summary>
    long EstimatedInstructions(Graph graph, Operator op, TargetSpec target);

    /// <summary>Arena bytes the kernel needs for the duration of its call (counted in the memory plan).</summary>
    int ScratchBytes(Graph graph, Operator op, TargetSpec target);

    /// <summary>
    /// Bytes before its input at which the kernel may place its output and still compute it exactly (it writes only
    /// over input bytes it has read for the last time; see <see cref="Planning.OverlapLead"/>), or null when the
    /// output must not overlap the input. The planner uses it where the input dies at this operator.
    /// </summary>
    int? OutputLead(Graph graph, Operator op, TargetSpec target) => null;

    /// <summary>
    /// Extra instructions of one call when the kernel's code is shared with layers that differ only in their tables
    /// (it then reads them through pointers, see <see cref="LayerSharing"/>), or null when the variant does not allow it
    /// (measure before opting in: some kernels lose their constant addressing and much speed).
    /// </summary>
    long? SharedCodeExtraInstructions(Graph graph, Operator op, TargetSpec target) => null;

    CKernel Emit(CKernelContext context);
}

public abstract class CKernelVariant<TOp> : ICKernelVariant where TOp : Operator
{
    public Type OperatorType => typeof(TOp);
    public abstract string Name { get; }

    /// <summary>Whether this variant can emit the operator on the target; the generic variant of every kind always can.</summary>
    public virtual bool Applies(Graph graph, TOp op, TargetSpec target) => true;
    public abstract long EstimatedInstructions(Graph graph, TOp op, TargetSpec target);
    public virtual int ScratchBytes(Graph graph, TOp op, TargetSpec target) => 0;
    public virtual int? OutputLead(Graph graph, TOp op, TargetSpec target) => null;
    public virtual long? SharedCodeExtraInstructions(Graph graph, TOp op, TargetSpec target) => null;
    protected abstract CKernel Emit(CKernelContext context, TOp op);

    bool ICKernelVariant.Applies(Graph graph, Operator op, TargetSpec target) => Applies(graph, (TOp)op, target);
    long ICKernelVariant.EstimatedInstructions(Graph graph, Operator op, TargetSpec target) => EstimatedInstructions(graph, (TOp)op, target);
    int ICKernelVariant.ScratchBytes(Graph graph, Operator op, TargetSpec target) => ScratchBytes(graph, (TOp)op, target);
    int? ICKernelVariant.OutputLead(Graph graph, Operator op, TargetSpec target) => OutputLead(graph, (TOp)op, target);
    long? ICKernelVariant.SharedCodeExtraInstructions(Graph graph, Operator op, TargetSpec target) => SharedCodeExtraInstructions(graph, (TOp)op, target);
    public CKernel Emit(CKernelContext context) => Emit(context, (TOp)context.Op);
}
