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

    public Graph Graph { get; }

    public GeneratedModel(Graph graph, Assembly assembly, string ns)
    {
        Graph = graph;
        _model = Activator.CreateInstance(assembly.GetType(ns + ".Model", throwOnError: true)!)!;
        _run = assembly.GetType(ns + ".Program", throwOnError: true)!.GetMethod("Run")!;
    }

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
        var assembly = InMemoryCSharp.Compile(graphs.Count == 1 ? graphs[0].Name : "models", sources);
        return models.Select(m => new GeneratedModel(m.Graph, assembly, m.Namespace)).ToList();
    }

    public byte[][] Run(IReadOnlyList<byte[]> inputs)
    {
        var outputs = Graph.OutputTensors.Select(t => new byte[t.ByteSize]).ToArray();
        lock (_model) _run.Invoke(null, [_model, inputs.ToArray(), outputs]);
        return outputs;
    }
}
