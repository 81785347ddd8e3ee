using EdgeGen.Ir;
using EdgeGen.Planning;
using EdgeGen.Targets;

namespace EdgeGen.Emit.C;

/// <summary>
/// The planned model ready to render: graph, target, memory plan and each operator's kernel.
/// Everything the generated code needs is decided here; rendering only formats it.
/// </summary>
public sealed record CModel(Graph Graph, TargetSpec Target, MemoryPlan Plan, IReadOnlyList<CKernel> Kernels)
{
    public static CModel Create(Graph graph, TargetSpec target)
    {
        CKernelRegistry.CheckSupported(graph);
        var emitters = graph.Operators.Select((op, i) => CKernelRegistry.For(op, i)).ToList();
        var plan = MemoryPlanner.Plan(graph, i => emitters[i].ScratchBytes(graph, graph.Operators[i], target));
        var kernels = graph.Operators
            .Select((op, i) => emitters[i].Emit(new CKernelContext(graph, op, i, target, plan)))
            .ToList();
        return new CModel(graph, target, plan, kernels);
    }

    public string Name => Graph.Name;
}
