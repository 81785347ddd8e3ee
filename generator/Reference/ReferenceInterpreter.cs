using EdgeGen.Ir;

namespace EdgeGen.Reference;

/// <summary>
/// Runs a graph with the reference kernels: the single source of truth every generated kernel is
/// tested against. Inputs and outputs are the raw bytes of the graph's input and output tensors.
/// </summary>
public static class ReferenceInterpreter
{
    private static readonly Dictionary<Type, IReferenceKernel> Kernels = typeof(ReferenceInterpreter).Assembly
        .GetTypes()
        .Where(t => typeof(IReferenceKernel).IsAssignableFrom(t) && t is { IsAbstract: false, IsInterface: false })
        .Select(t => (IReferenceKernel)Activator.CreateInstance(t)!)
        .ToDictionary(k => k.OperatorType);

    public static bool Supports(Operator op) => Kernels.ContainsKey(op.GetType());

    public static byte[][] Run(Graph graph, IReadOnlyList<byte[]> inputs) => Run(graph, inputs, observer: null);

    /// <summary>Runs the graph; <paramref name="observer"/> sees every operator's index and the store after it ran.</summary>
    public static byte[][] Run(Graph graph, IReadOnlyList<byte[]> inputs, Action<int, TensorStore>? observer)
    {
        CheckInputs(graph, inputs);
        var store = new TensorStore(graph);
        for (var i = 0; i < inputs.Count; i++) store.Set(graph.Inputs[i], (byte[])inputs[i].Clone());
        for (var i = 0; i < graph.Operators.Length; i++)
        {
            RunOperator(graph, i, store);
            observer?.Invoke(i, store);
        }
        return graph.Outputs.Select(id => (byte[])store.Bytes(id).Clone()).ToArray();
    }

    /// <summary>Runs operator <paramref name="index"/> of the graph on the store (for interpreters built on this one).</summary>
    public static void RunOperator(Graph graph, int index, TensorStore store)
    {
        var op = graph.Operators[index];
        if (!Kernels.TryGetValue(op.GetType(), out var kernel))
            throw new EdgeGenException($"operator #{index} {op.Kind}: the reference interpreter has no kernel for it");
        kernel.Run(op, store);
    }

    /// <summary>Checks the count and byte sizes of the inputs; <paramref name="sources"/> (file names) lead the messages when given.</summary>
    public static void CheckInputs(Graph graph, IReadOnlyList<byte[]> inputs, IReadOnlyList<string>? sources = null)
    {
        if (inputs.Count != graph.Inputs.Length)
            throw new EdgeGenException($"model '{graph.Name}' has {graph.Inputs.Length} input(s), {inputs.Count} given");
        for (var i = 0; i < inputs.Count; i++)
        {
            var t = graph[graph.Inputs[i]];
            var source = sources is null ? "" : sources[i] + ": ";
            if (inputs[i].Length != t.ByteSize)
                throw new EdgeGenException($"{source}input #{i} has {inputs[i].Length} bytes, but tensor '{t.Name}' ({t.Type.DisplayName()} {t.Shape}) of model '{graph.Name}' needs {t.ByteSize}");
        }
    }
}
