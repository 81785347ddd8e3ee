using EdgeGen.Ir;
using EdgeGen.Planning;
using EdgeGen.Targets;

namespace EdgeGen.Emit.CSharp;

/// <summary>
/// The planned model ready to render as C#: graph, target, the same memory plan the C backend
/// uses (one arena, views and in-place buffers) and each operator's kernel.
/// </summary>
public sealed record CSharpModel(Graph Graph, TargetSpec Target, MemoryPlan Plan, IReadOnlyList<CSharpKernel> Kernels)
{
    public static CSharpModel Create(Graph graph, TargetSpec target)
    {
        if (target.IsCortexM)
            throw new EdgeGenException($"target {target.Name}: generated C# needs an operating system with .NET (NativeAOT); use --target host or a Cortex-A target (Raspberry Pi), or --lang c");
        CSharpKernelRegistry.CheckSupported(graph);
        var emitters = graph.Operators.Select((op, i) => CSharpKernelRegistry.For(op, i)).ToList();
        var plan = MemoryPlanner.Plan(graph, i => emitters[i].ScratchBytes(graph, graph.Operators[i], target));
        var kernels = graph.Operators
            .Select((op, i) => emitters[i].Emit(new CSharpKernelContext(graph, op, i, target, plan)))
            .ToList();
        return new CSharpModel(graph, target, plan, kernels);
    }

    public string Name => Graph.Name;

    /// <summary>The namespace of the generated code: EdgeGen.Models.HelloWorldInt8.</summary>
    public string Namespace => "EdgeGen.Models." + CSharpFormat.Pascal(Graph.Name);
}
