using System.Collections.Immutable;
using EdgeGen.Emit.C;
using EdgeGen.Ir;
using EdgeGen.Ir.Ops;
using EdgeGen.Pipeline;
using EdgeGen.Targets;
using EdgeGen.Tests.Support;
using Xunit;

namespace EdgeGen.Tests.Kernels;

/// <summary>How a hand-built ternary layer's trits are drawn.</summary>
public enum TritPattern
{
    /// <summary>Random trits with the case's share of zeros, one magnitude q per channel.</summary>
    Ternary,
    /// <summary>Two trit planes: per channel values ±q1, ±q2, ±(q1+q2) (what `quantize --ternary trit-planes` writes).</summary>
    TwoPlanes,
    /// <summary>Every trit +1 or -1 (no zeros), the worst case for the 16-bit lanes.</summary>
    Dense,
}

/// <summary>The trits (times a per-channel q) of a hand-built ternary layer's weights, channel-major.</summary>
public static class TernaryTrits
{
    public static sbyte[] Draw(Random rng, int units, int depth, TritPattern pattern, double zeros, int deadChannels)
    {
        var values = new sbyte[units * depth];
        for (var c = 0; c < units; c++)
        {
            if (c % 2 == 1 && c < 2 * deadChannels) continue; // channels 1, 3, 5... stay all zero
            var q1 = rng.Next(1, 128);
            var q2 = rng.Next(1, 128 - q1 + 1);
            for (var k = 0; k < depth; k++)
            {
                int v = pattern switch
                {
                    TritPattern.Dense => rng.Next(2) == 0 ? q1 : -q1,
                    _ when rng.NextDouble() < zeros => 0,
                    TritPattern.TwoPlanes => new[] { q1, q2, q1 + q2 }[rng.Next(3)] * (rng.Next(2) == 0 ? 1 : -1),
                    _ => rng.Next(2) == 0 ? q1 : -q1,
                };
                values[c * depth + k] = (sbyte)Math.Clamp(v, -127, 127);
            }
        }
        return values;
    }
}

/// <summary>
/// One hand-built ternary FULLY_CONNECTED: odd sizes, dead (all-zero) channels, per-tensor or per-channel scales,
/// saturating outputs, and inputs that are random or all at one extreme (the largest sums the lanes must hold).
/// </summary>
public sealed record TernaryFcCase(string Name, int Depth, int Units, double Zeros = 0.4, TritPattern Pattern = TritPattern.Ternary,
    int Batches = 1, bool PerChannel = true, Activation Activation = Activation.Relu, int InZp = -3, int OutZp = 7,
    float OutScale = 0.5f, int DeadChannels = 0, sbyte? Fill = null)
{
    public override string ToString() => Name;

    private int Seed => Name.Aggregate(17, (h, c) => unchecked(h * 31 + c)) & 0xFFFF;

    public Graph Graph()
    {
        var b = new KernelGraphBuilder(Name, Seed);
        var x = b.Input(new Shape(Batches, Depth), 0.02f, InZp);
        var w = b.Weights(new Shape(Units, Depth), 0, PerChannel, Trits(b.Rng));
        var bias = b.Bias(Units);
        var y = b.Activation(new Shape(Batches, Units), OutScale, OutZp);
        b.Op(new FullyConnected(ImmutableArray.Create(x, w, bias), ImmutableArray.Create(y), Activation, false));
        b.Output(y);
        return b.Build();
    }

    public byte[] Input(Graph g) => TernaryCheck.Input(g, Seed, Fill);

    private sbyte[] Trits(Random rng) => TernaryTrits.Draw(rng, Units, Depth, Pattern, Zeros, DeadChannels);

    public static readonly TernaryFcCase[] All =
    [
        new("tfc_odd_37x13", 37, 13),
        new("tfc_per_tensor_dead_channels", 29, 11, PerChannel: false, DeadChannels: 3, Activation: Activation.None),
        new("tfc_two_planes_41x9", 41, 9, Pattern: TritPattern.TwoPlanes, Zeros: 0.3),
        new("tfc_batches3_depth1", 1, 5, Batches: 3, Zeros: 0.2, InZp: 11, OutZp: -128),
        new("tfc_saturating", 23, 17, OutScale: 0.0005f, Activation: Activation.None, OutZp: 0),
        new("tfc_relu6_sparse", 64, 7, Zeros: 0.9, Activation: Activation.Relu6, OutZp: -20),
        new("tfc_dense_minus128_lane_flush", 600, 5, Pattern: TritPattern.Dense, Fill: -128, InZp: -128, OutScale: 40f, Activation: Activation.None),
        new("tfc_dense_plus127_lane_flush", 301, 6, Pattern: TritPattern.Dense, Fill: 127, OutScale: 30f, Activation: Activation.None, OutZp: 0),
    ];

    public static IEnumerable<object[]> Data() => All.Select(c => new object[] { c });

    /// <summary>Generates the case with the ternary variant pinned, runs it and asserts the outputs equal the reference interpreter's.</summary>
    public FirmwareRun Check(TargetSpec target, string variant) => TernaryCheck.Run(Name, Graph(), g => Input(g), target, variant);
}

/// <summary>What the hand-built ternary cases share: seeded inputs (optionally all one extreme value) and the pinned run against the reference.</summary>
public static class TernaryCheck
{
    public static byte[] Input(Graph g, int seed, sbyte? fill)
    {
        var bytes = KernelGraphBuilder.RandomInput(g, 0, new Random(seed + 1));
        if (fill is { } f) Array.Fill(bytes, unchecked((byte)f));
        return bytes;
    }

    /// <summary>Generates the graph with its one operator's variant pinned, runs it on the target and asserts the outputs equal the reference interpreter's.</summary>
    public static FirmwareRun Run(string name, Graph g, Func<Graph, byte[]> input, TargetSpec target, string variant)
    {
        var dir = Path.Combine(Path.GetTempPath(), $"edgegen-ternary-{Environment.ProcessId}-{name}-{target.Name}-{variant}-{Guid.NewGuid():N}");
        var overrides = new KernelOverrides(new Dictionary<string, string> { [g.Operators[0].Kind] = variant });
        var run = Compiler.Run(g, target, [input(g)], dir, options: new CompileOptions(overrides));
        Assert.Equal(variant, run.Project.Model.Choices[0].Variant);
        Assert.True(run.MatchesReference, $"{name} on {target.Name} with {variant} differs from the reference (project kept at {dir})");
        Directory.Delete(dir, recursive: true);
        return run;
    }
}
