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

    private GeneratedModel(Graph graph, Assembly assembly, string ns)
    {
        Graph = graph;
        _model = Activator.CreateInstance(assembly.GetType(ns + ".Model", throwOnError: true)!)!;
        _run = assembly.GetType(ns + ".Program", throwOnError: true)!.GetMethod("Run")!;
    }

    /// <summary>The shared model compiled once per test run (host target).</summary>
    public static GeneratedModel For(string model) => Cache.GetOrAdd(model, m => new Lazy<GeneratedModel>(() =>
        Compile(TfliteImporter.Load(SharedModels.ModelPath(m)), TargetCatalog.Find("host")))).Value;

    public static GeneratedModel Compile(Graph graph, TargetSpec target)
    {
        var model = CSharpModel.Create(graph, target);
        var sources = CSharpProjectEmitter.Files(model)
            .Where(kv => kv.Key.EndsWith(".cs", StringComparison.Ordinal))
            .ToDictionary(kv => kv.Key, kv => kv.Value);
        return new GeneratedModel(graph, InMemoryCSharp.Compile(graph.Name, sources), model.Namespace);
    }

    public byte[][] Run(IReadOnlyList<byte[]> inputs)
    {
        var outputs = Graph.OutputTensors.Select(t => new byte[t.ByteSize]).ToArray();
        lock (_model) _run.Invoke(null, [_model, inputs.ToArray(), outputs]);
        return outputs;
    }
}
