using EdgeGen.Ir;

namespace EdgeGen.Emit.C;

/// <summary>The C emitters of every operator kind (each in its own file under Emit/C/Kernels), found by operator type.</summary>
public static class CKernelRegistry
{
    private static readonly Dictionary<Type, ICKernelEmitter> Emitters = typeof(CKernelRegistry).Assembly
        .GetTypes()
        .Where(t => typeof(ICKernelEmitter).IsAssignableFrom(t) && t is { IsAbstract: false, IsInterface: false })
        .Select(t => (ICKernelEmitter)Activator.CreateInstance(t)!)
        .ToDictionary(e => e.OperatorType);

    public static ICKernelEmitter For(Operator op, int index) => Emitters.TryGetValue(op.GetType(), out var e)
        ? e
        : throw new EdgeGenException($"operator #{index} {op.Kind}: the C generator has no kernel for it yet");

    /// <summary>Lists every operator the C generator cannot emit, in one message, like a compiler listing all errors.</summary>
    public static void CheckSupported(Graph graph)
    {
        var missing = graph.Operators.Select((op, i) => (op, i)).Where(x => !Emitters.ContainsKey(x.op.GetType())).ToList();
        if (missing.Count > 0)
            throw new EdgeGenException($"model '{graph.Name}': the C generator does not support {string.Join(", ", missing.Select(x => $"#{x.i} {x.op.Kind}"))}");
    }
}
