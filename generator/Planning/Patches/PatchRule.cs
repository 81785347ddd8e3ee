using System.Collections.Immutable;
using EdgeGen.Ir;

namespace EdgeGen.Planning.Patches;

/// <summary>What a patch rule needs to build the operator that computes one window of the output.</summary>
/// <param name="Inputs">The window of each input (null for constants and inputs used whole).</param>
/// <param name="InputIds">The operator's new input ids: patch tensors for windowed inputs, the same constants otherwise.</param>
/// <param name="AddConstant">Adds a constant tensor to the patched graph (name, shape, type, bytes) and returns its id.</param>
public sealed record PatchOpRequest(
    Graph Graph,
    Operator Op,
    Rect Output,
    IReadOnlyList<Rect?> Inputs,
    ImmutableArray<int> InputIds,
    ImmutableArray<int> OutputIds,
    Func<string, Shape, DataType, byte[], int> AddConstant);

/// <summary>
/// How one operator kind runs patch by patch: whether it is spatially local (each output pixel
/// depends on a bounded window of input pixels), which window of each input a window of its output
/// needs, and the operator computing that window from patches. One file per kind under Rules/,
/// found by operator type.
/// </summary>
public interface IPatchRule
{
    Type OperatorType { get; }

    /// <summary>Null when the operator can run patch by patch, else the reason it cannot.</summary>
    string? WhyNotLocal(Graph graph, Operator op);

    /// <summary>The window of each input the output window needs (null for constants and inputs read whole).</summary>
    IReadOnlyList<Rect?> InputWindows(Graph graph, Operator op, Rect output);

    /// <summary>The operator that computes the output window from patches (explicit padding at the tensor's borders).</summary>
    Operator ForPatch(PatchOpRequest request);
}

public abstract class PatchRule<TOp> : IPatchRule where TOp : Operator
{
    public Type OperatorType => typeof(TOp);
    public string? WhyNotLocal(Graph graph, Operator op) => WhyNotLocal(graph, (TOp)op);
    public IReadOnlyList<Rect?> InputWindows(Graph graph, Operator op, Rect output) => InputWindows(graph, (TOp)op, output);
    public Operator ForPatch(PatchOpRequest request) => ForPatch(request, (TOp)request.Op);

    protected abstract string? WhyNotLocal(Graph graph, TOp op);
    protected abstract IReadOnlyList<Rect?> InputWindows(Graph graph, TOp op, Rect output);
    protected abstract Operator ForPatch(PatchOpRequest request, TOp op);

    /// <summary>Null when every activation input and the output are NHWC (rank 4), else why not.</summary>
    protected static string? NotNhwc(Graph graph, Operator op)
    {
        foreach (var id in op.Inputs.Where(i => i >= 0 && !graph[i].IsConstant).Concat(op.Outputs))
            if (graph[id].Shape.Rank != 4) return $"tensor '{graph[id].Name}' {graph[id].Shape} is not NHWC";
        return null;
    }
}

/// <summary>The patch rules of every operator kind, found by operator type.</summary>
public static class PatchRules
{
    private static readonly Dictionary<Type, IPatchRule> Rules = typeof(PatchRules).Assembly
        .GetTypes()
        .Where(t => typeof(IPatchRule).IsAssignableFrom(t) && t is { IsAbstract: false, IsInterface: false })
        .Select(t => (IPatchRule)Activator.CreateInstance(t)!)
        .ToDictionary(r => r.OperatorType);

    public static IPatchRule? For(Operator op) => Rules.GetValueOrDefault(op.GetType());

    /// <summary>Null when the operator can run patch by patch, else the reason (also for kinds with no rule).</summary>
    public static string? WhyNotLocal(Graph graph, Operator op) => For(op) is { } rule
        ? rule.WhyNotLocal(graph, op)
        : $"{op.Kind} is not spatially local";
}
