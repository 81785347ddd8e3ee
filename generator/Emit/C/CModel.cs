using EdgeGen.Ir;
using EdgeGen.Planning;
using EdgeGen.Planning.Mixed;
using EdgeGen.Planning.Patches;
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
        var plan = MemoryPlanner.Plan(graph, i => choices[i].ScratchBytes,
            outputLead: i => choices[i].Chosen.Variant.OutputLead(graph, graph.Operators[i], target));
        var kernels = LayerSharing.Share(graph, target, choices, graph.Operators
            .Select((op, i) => choices[i].Chosen.Variant.Emit(new CKernelContext(graph, op, i, target, plan)))
            .ToList());
        return new CModel(graph, target, choices, plan, kernels);
    }

    /// <summary>The kernel variant of every operator (what `inspect --target` shows without generating code).</summary>
    public static IReadOnlyList<KernelChoice> ChooseKernels(Graph graph, TargetSpec target, KernelOverrides? overrides = null)
    {
        CKernelRegistry.CheckSupported(graph);
        return graph.Operators.Select((_, i) => KernelSelection.Choose(graph, i, target, overrides)).ToList();
    }

    /// <summary>The patch plan the graph was lowered with, or null for plain layer-by-layer inference.</summary>
    public PatchedGraph? Patches { get; init; }

    /// <summary>A patched model: the lowered graph planned with its views, one function per operator and patch geometry.</summary>
    public static CModel Create(PatchedGraph patched, TargetSpec target, KernelOverrides? overrides = null)
    {
        var graph = patched.Graph;
        CKernelRegistry.CheckSupported(graph);
        var choices = PatchedKernelChoices.Choose(patched, target, overrides);
        var plan = MemoryPlanner.Plan(graph, i => choices[i].ScratchBytes, views: patched.Views);
        var kernels = SharedKernels.Emit(graph, target, plan, choices.Select(c => c.Chosen.Variant).ToList(), patched.SourceOps);
        return new CModel(graph, target, choices, plan, kernels) { Patches = patched };
    }

    /// <summary>The mixed-precision lowering the model was generated from (both paths per tile), or null.</summary>
    public MixedGraph? Mixed { get; init; }

    /// <summary>A mixed-precision patched model: planned and emitted like any patched graph, rendered with an outlier check per tile.</summary>
    public static CModel Create(MixedGraph mixed, TargetSpec target, KernelOverrides? overrides = null) =>
        Create(mixed.Patched, target, overrides) with { Mixed = mixed };

    public string Name => Graph.Name;
}
