using System.Buffers.Binary;
using System.Collections.Concurrent;
using System.Diagnostics;
using EdgeGen.Cli;
using EdgeGen.Examples;
using EdgeGen.Export;
using EdgeGen.Import.TFLite;
using EdgeGen.Ir;
using EdgeGen.Ir.Ops;
using EdgeGen.Reference;
using EdgeGen.Tests.Support;
using Xunit;
using Xunit.Abstractions;

namespace EdgeGen.Tests.Import;

/// <summary>
/// Seeded corruption of real models: byte flips, 2/4-byte overwrites at and near stored offsets
/// and lengths, truncations and insertions. Whatever the bytes, <see cref="TfliteImporter.Read"/>
/// either returns a graph or throws <see cref="EdgeGenException"/>, within a time bound. A
/// corrupted model that still imports is run through the reference interpreter on zero inputs
/// (when small enough), which must also succeed or throw <see cref="EdgeGenException"/>: that
/// flushes out what the validators let through.
/// </summary>
public class MutationTests
{
    private static readonly TimeSpan MutantTimeout = TimeSpan.FromSeconds(10);
    private const long MaxActivationBytes = 16L << 20;
    private const long MaxMacs = 20_000_000;

    private readonly ITestOutputHelper _output;

    public MutationTests(ITestOutputHelper output) => _output = output;

    [SharedFact]
    public void Corrupted_shared_models_fail_cleanly()
    {
        SharedData.RequireModels();
        var models = Directory.GetFiles(Repo.Models, "*.tflite", SearchOption.AllDirectories).Order(StringComparer.Ordinal).ToArray();
        Assert.NotEmpty(models);
        // 100 mutants per model, at least 1,000 in all. A longer hunt: EDGEGEN_MUTANTS_PER_MODEL and
        // EDGEGEN_MUTATION_SEED (the failures name each mutant's seed, so any one can be replayed).
        var perModel = EnvInt("EDGEGEN_MUTANTS_PER_MODEL") ?? Math.Max(100, (1000 + models.Length - 1) / models.Length);
        CheckBytes(models, perModel, (uint)(EnvInt("EDGEGEN_MUTATION_SEED") ?? 20261123));
    }

    [Fact]
    public void Corrupted_example_model_fails_cleanly()
    {
        CheckBytes(new[] { ExampleModel }, 300, seed: 7);
    }

    /// <summary>Graph-level corruption (one wrong shape, type, scale, tensor id, attribute...) of the small models.</summary>
    [Fact]
    public void Models_with_one_wrong_detail_fail_cleanly()
    {
        var models = new[] { ExampleModel }.Concat(SharedData.Available
            ? new[] { "hello_world_int8", "micro_speech_quantized", "ad01_int8", "kws_ref_model" }.Select(SharedModels.ModelPath)
                .Append(Path.Combine(Repo.Models, "float", "hello_world_float.tflite"))
            : Array.Empty<string>()).ToArray();
        var graphs = models.ToDictionary(p => p, TfliteImporter.Load);
        var perModel = (EnvInt("EDGEGEN_MUTANTS_PER_MODEL") ?? 1000) / models.Length;
        Check(models, perModel, (uint)(EnvInt("EDGEGEN_MUTATION_SEED") ?? 99), maxMacs: 3_000_000, (path, rng) =>
        {
            var (graph, what) = GraphMutations.Mutate(graphs[path], rng);
            try { return (TfliteWriter.Write(graph), what); }
            catch (Exception e) when (e is not EdgeGenException) { return (null, what); } // not writable: a broken IR, not a file
        });
    }

    private static readonly string ExampleModel = Path.Combine(Repo.Root, "generator", "Examples", "kws_example.tflite");

    private static int? EnvInt(string name) => int.TryParse(Environment.GetEnvironmentVariable(name), out var v) ? v : null;

    private void CheckBytes(string[] models, int perModel, uint seed)
    {
        var originals = models.ToDictionary(p => p, File.ReadAllBytes);
        Check(models, perModel, seed, MaxMacs, (path, rng) => Mutate(originals[path], rng));
    }

    private void Check(string[] models, int perModel, uint seed, long maxMacs, Func<string, XorShift32, (byte[]? Bytes, string What)> mutate)
    {
        var failures = new ConcurrentBag<string>();
        var stats = new ConcurrentDictionary<string, int>();
        var clock = Stopwatch.StartNew();
        var jobs = models.SelectMany((path, m) => Enumerable.Range(0, perModel).Select(i => (Path: path, Seed: seed + (uint)(m * 100_003 + i * 7919)))).ToArray();
        var graphs = models.ToDictionary(p => p, TryLoad);
        Parallel.ForEach(jobs, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount }, job =>
        {
            var (bytes, what) = mutate(job.Path, new XorShift32(job.Seed));
            var name = $"{Path.GetFileName(job.Path)} mutant seed {job.Seed} ({what})";
            var outcome = bytes is null ? new Outcome("not writable") : RunBounded(() => ImportAndRun(bytes, name, graphs[job.Path], maxMacs), MutantTimeout);
            stats.AddOrUpdate(outcome.Kind, 1, (_, n) => n + 1);
            if (outcome.Failure is { } f) failures.Add($"{name}: {f}");
        });
        var summary = $"{jobs.Length} mutants of {models.Length} model(s) in {clock.Elapsed.TotalSeconds:F1} s: " +
                      string.Join(", ", stats.OrderBy(s => s.Key).Select(s => $"{s.Value} {s.Key}"));
        _output.WriteLine(summary);
        Assert.True(failures.IsEmpty, $"{failures.Count} of {summary}\n" + string.Join("\n", failures.Order().Take(15)));
    }

    private sealed record Outcome(string Kind, string? Failure = null);

    private static Graph? TryLoad(string path)
    {
        try { return TfliteImporter.Load(path); }
        catch (EdgeGenException) { return null; }
    }

    /// <summary>
    /// Imports; builds what `inspect` shows; runs the reference on zero inputs unless the graph is
    /// too big, or differs from the original only in names and weight/bias values (which no
    /// kernel branches on, so the original's run already covers it).
    /// </summary>
    private static Outcome ImportAndRun(byte[] bytes, string name, Graph? original, long maxMacs)
    {
        Graph graph;
        try
        {
            graph = TfliteImporter.Read(bytes, name, "mutant");
            ModelReport.Build(graph).ToText();
        }
        catch (EdgeGenException) { return new("rejected"); }
        if (original is not null && SameStructure(original, graph)) return new("imported, only weights changed");
        if (graph.Tensors.Where(t => !t.IsConstant).Sum(t => (long)t.ByteSize) > MaxActivationBytes || graph.TotalMacs > maxMacs)
            return new("imported, too big to run");
        try
        {
            ReferenceInterpreter.Run(graph, graph.InputTensors.Select(t => new byte[t.ByteSize]).ToArray());
            return new("imported and ran");
        }
        catch (EdgeGenException) { return new("imported, run rejected"); }
    }

    /// <summary>Runs on a worker with a deadline; anything but success or EdgeGenException is a failure, with where it came from.</summary>
    private static Outcome RunBounded(Func<Outcome> body, TimeSpan timeout)
    {
        var task = Task.Run(body);
        try
        {
            if (!task.Wait(timeout)) return new("hung", $"did not finish within {timeout.TotalSeconds} s");
            return task.Result;
        }
        catch (AggregateException e)
        {
            var inner = e.InnerException!;
            var frame = inner.StackTrace?.Split('\n').FirstOrDefault()?.Trim() ?? "";
            return new("crashed", $"{inner.GetType().Name}: {inner.Message} {frame}");
        }
    }

    private static bool SameStructure(Graph a, Graph b)
    {
        if (!a.Inputs.SequenceEqual(b.Inputs) || !a.Outputs.SequenceEqual(b.Outputs)
            || a.Tensors.Length != b.Tensors.Length || a.Operators.Length != b.Operators.Length
            || !a.Operators.Zip(b.Operators).All(p => GraphComparison.SameOperator(p.First, p.Second)))
            return false;
        var weights = a.Operators.SelectMany(op => op switch
        {
            Conv2D or DepthwiseConv2D or FullyConnected => op.Inputs.Skip(1),
            TransposeConv => op.Inputs.Skip(1).Where(id => id != op.Inputs[2]),
            _ => Enumerable.Empty<int>(),
        }).ToHashSet();
        return a.Tensors.Zip(b.Tensors).All(p => GraphComparison.SameTensorIgnoringData(p.First, p.Second)
            && (weights.Contains(p.First.Id) || !p.First.IsConstant || p.First.Data.AsSpan().SequenceEqual(p.Second.Data)));
    }

    // ---- mutations ----

    private static (byte[] Bytes, string What) Mutate(byte[] original, XorShift32 rng)
    {
        var bytes = (byte[])original.Clone();
        switch (rng.Next(10))
        {
            case 0 or 1:
            {
                var count = 1 + rng.Next(4);
                var positions = new List<int>();
                for (var i = 0; i < count; i++)
                {
                    var p = rng.Next(bytes.Length);
                    bytes[p] ^= (byte)(1 << rng.Next(8));
                    positions.Add(p);
                }
                return (bytes, $"bit flips at {string.Join(",", positions)}");
            }
            case 2:
            {
                var p = rng.Next(bytes.Length);
                bytes[p] = rng.NextByte();
                return (bytes, $"random byte at {p}");
            }
            case 3 or 4 or 5:
            {
                var anchor = StructurePosition(original, rng);
                var p = Math.Clamp(anchor + rng.Next(5) - 2, 0, bytes.Length - 4);
                var value = InterestingValue(original, p, rng);
                BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(p), value);
                return (bytes, $"4 bytes at {p} = 0x{value:X8}");
            }
            case 6:
            {
                var p = Math.Clamp(StructurePosition(original, rng) + rng.Next(4), 0, bytes.Length - 2);
                var value = rng.Next(2) == 0 ? (ushort)rng.NextUInt32() : (ushort)rng.Next(64);
                BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(p), value);
                return (bytes, $"2 bytes at {p} = 0x{value:X4}");
            }
            case 7:
            {
                var length = rng.Next(2) == 0 ? rng.Next(bytes.Length) : bytes.Length - 1 - rng.Next(Math.Min(64, bytes.Length - 1));
                return (bytes[..length], $"truncated to {length}");
            }
            case 8:
            {
                var p = rng.Next(2) == 0 ? rng.Next(bytes.Length + 1) : StructurePosition(original, rng);
                var inserted = rng.NextBytes(1 + rng.Next(16));
                return ([.. bytes[..p], .. inserted, .. bytes[p..]], $"{inserted.Length} bytes inserted at {p}");
            }
            default:
            {
                var p = rng.Next(bytes.Length);
                var count = Math.Min(1 + rng.Next(16), bytes.Length - p);
                return ([.. bytes[..p], .. bytes[(p + count)..]], $"{count} bytes removed at {p}");
            }
        }
    }

    /// <summary>
    /// A 4-aligned position whose value looks like FlatBuffer structure rather than weights: a
    /// forward offset that stays inside the file, or a small count, index or vtable entry.
    /// </summary>
    private static int StructurePosition(byte[] bytes, XorShift32 rng)
    {
        for (var attempt = 0; attempt < 64; attempt++)
        {
            var p = rng.Next(bytes.Length / 4) * 4;
            var v = BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(p));
            if (v is > 0 and < 4096 || (v > 0 && v < bytes.Length - p)) return p;
        }
        return rng.Next(Math.Min(bytes.Length, 1024) / 4) * 4; // the header and root tables are all structure
    }

    private static uint InterestingValue(byte[] bytes, int p, XorShift32 rng)
    {
        var current = BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(p));
        return rng.Next(9) switch
        {
            0 => 0,
            1 => 0xFFFF_FFFF,
            2 => 0x7FFF_FFFF,
            3 => 0x8000_0000,
            4 => (uint)(bytes.Length - p),
            5 => current + (uint)rng.Next(9) - 4,
            6 => current * 2 + 1,
            7 => (uint)rng.Next(bytes.Length),
            _ => rng.NextUInt32(),
        };
    }
}
