using System.Collections.Concurrent;
using System.Reflection;
using EdgeGen.Emit.CSharp;
using EdgeGen.Import.TFLite;
using EdgeGen.Ir;
using EdgeGen.Targets;
using EdgeGen.Tests.Support;

namespace EdgeGen.Tests.CSharp;

/// <summary>A model's generated C# project compiled in memory: one Model instance, run on raw tensor bytes through the generated harness's Run.</summary>
public sealed class GeneratedModel
{
    private static readonly ConcurrentDictionary<string, Lazy<GeneratedModel>> Cache = new();

    private readonly object _model;
    private readonly MethodInfo _run;
    private readonly MethodInfo _allocations;

    public Graph Graph { get; }

    public GeneratedModel(Graph graph, Assembly assembly, string ns)
    {
        Graph = graph;
        _model = Activator.CreateInstance(assembly.GetType(ns + ".Model", throwOnError: true)!)!;
        _run = assembly.GetType(ns + ".Program", throwOnError: true)!.GetMethod("Run")!;
        _allocations = assembly.GetType(ns + ".AllocationProbe", throwOnError: true)!.GetMethod("Bytes")!;
    }

    /// <summary>Compiled next to every model: the managed bytes this thread allocates over 5 inferences after a warm-up one.</summary>
    private static string AllocationProbe(string ns) => $$"""
        namespace {{ns}};

        public static class AllocationProbe
        {
            public static long Bytes(Model model, byte[][] inputs, byte[][] outputs)
            {
                Program.Run(model, inputs, outputs);
                long before = System.GC.GetAllocatedBytesForCurrentThread();
                for (int i = 0; i < 5; i++) Program.Run(model, inputs, outputs);
                return System.GC.GetAllocatedBytesForCurrentThread() - before;
            }
        }
        """;

    /// <summary>The shared model compiled once per test run (host target).</summary>
    public static GeneratedModel For(string model) => Cache.GetOrAdd(model, m => new Lazy<GeneratedModel>(() =>
        Compile(TfliteImporter.Load(SharedModels.ModelPath(m)), TargetCatalog.Find("host")))).Value;

    public static GeneratedModel Compile(Graph graph, TargetSpec target) => CompileAll([graph], target)[0];

    /// <summary>Several models in one in-memory assembly (each in its own namespace, the runtime sources once): one Roslyn run for many small models.</summary>
    public static IReadOnlyList<GeneratedModel> CompileAll(IReadOnlyList<Graph> graphs, TargetSpec target)
    {
        var models = graphs.Select(g => CSharpModel.Create(g, target)).ToList();
        var sources = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var model in models)
            foreach (var (path, text) in CSharpProjectEmitter.Files(model).Where(kv => kv.Key.EndsWith(".cs", StringComparison.Ordinal)))
                sources[path.StartsWith("Runtime/", StringComparison.Ordinal) ? path : $"{model.Name}/{path}"] = text;
        foreach (var model in models) sources[$"{model.Name}/AllocationProbe.cs"] = AllocationProbe(model.Namespace);
        var assembly = InMemoryCSharp.Compile(graphs.Count == 1 ? graphs[0].Name : "models", sources);
        return models.Select(m => new GeneratedModel(m.Graph, assembly, m.Namespace)).ToList();
    }

    /// <summary>Managed bytes allocated by 5 inferences (after a warm-up one): 0 for allocation-free generated code.</summary>
    public long AllocatedBytes(IReadOnlyList<byte[]> inputs)
    {
        var outputs = Graph.OutputTensors.Select(t => new byte[t.ByteSize]).ToArray();
        lock (_model) return (long)_allocations.Invoke(null, [_model, inputs.ToArray(), outputs])!;
    }

    public byte[][] Run(IReadOnlyList<byte[]> inputs)
    {
        var outputs = Graph.OutputTensors.Select(t => new byte[t.ByteSize]).ToArray();
        lock (_model) _run.Invoke(null, [_model, inputs.ToArray(), outputs]);
        return outputs;
    }
}
