using EdgeGen.Ir;

namespace EdgeGen.Emit.C;

/// <summary>The C kernel variants of every operator kind (each in its own file under Emit/C/Kernels), found by operator type.</summary>
public static class CKernelRegistry
{
    private static readonly Dictionary<Type, IReadOnlyList<ICKernelVariant>> Variants = typeof(CKernelRegistry).Assembly
        .GetTypes()
        .Where(t => typeof(ICKernelVariant).IsAssignableFrom(t) && t is { IsAbstract: false, IsInterface: false })
        .Select(t => (ICKernelVariant)Activator.CreateInstance(t)!)
        .GroupBy(v => v.OperatorType)
        .ToDictionary(g => g.Key, g => (IReadOnlyList<ICKernelVariant>)g.OrderBy(v => v.Name, StringComparer.Ordinal).ToList());

    /// <summary>Every variant registered for the operator's kind, ordered by name (the tie-break of the selection).</summary>
    public static IReadOnlyList<ICKernelVariant> For(Operator op, int index) => Variants.TryGetValue(op.GetType(), out var v)
        ? v
        : throw new EdgeGenException($"operator #{index} {op.Kind}: the C generator has no kernel for it yet");

    /// <summary>Lists every operator the C generator cannot emit, in one message, like a compiler listing all errors.</summary>
    public static void CheckSupported(Graph graph)
    {
        var missing = graph.Operators.Select((op, i) => (op, i)).Where(x => !Variants.ContainsKey(x.op.GetType())).ToList();
        if (missing.Count > 0)
            throw new EdgeGenException($"model '{graph.Name}': the C generator does not support {string.Join(", ", missing.Select(x => $"#{x.i} {x.op.Kind}"))}");
    }
}
