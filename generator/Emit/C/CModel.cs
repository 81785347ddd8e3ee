using EdgeGen.Ir;
using EdgeGen.Planning;
using EdgeGen.Targets;

namespace EdgeGen.Emit.C;

/// <summary>
/// The planned model ready to render: graph, target, memory plan and each operator's kernel.
/// Everything the generated code needs is decided here; rendering only formats it.
/// </summary>
public sealed record CModel(Graph Graph, TargetSpec Target, IReadOnlyList<KernelChoice> Choices, MemoryPlan Plan, IReadOnlyList<CKernel> Kernels)
{
    public static CModel Create(Graph graph, TargetSpec target, KernelOverrides? overrides = null)
    {
        var choices = ChooseKernels(graph, target, overrides);
        var plan = MemoryPlanner.Plan(graph, i => choices[i].ScratchBytes);
        var kernels = graph.Operators
            .Select((op, i) => choices[i].Chosen.Variant.Emit(new CKernelContext(graph, op, i, target, plan)))
            .ToList();
        return new CModel(graph, target, choices, plan, kernels);
    }

    /// <summary>The kernel variant of every operator (what `inspect --target` shows without generating code).</summary>
    public static IReadOnlyList<KernelChoice> ChooseKernels(Graph graph, TargetSpec target, KernelOverrides? overrides = null)
    {
        CKernelRegistry.CheckSupported(graph);
        return graph.Operators.Select((_, i) => KernelSelection.Choose(graph, i, target, overrides)).ToList();
    }

    public string Name => Graph.Name;
}
