using System.Collections.Immutable;
using EdgeGen.Ir;
using EdgeGen.Ir.Ops;

namespace EdgeGen.Examples;

/// <summary>What a seeded ternary FULLY_CONNECTED layer looks like (<see cref="TernaryLayerExample"/>).</summary>
/// <param name="ZeroShare">Share of zero trits (per plane).</param>
/// <param name="MaxQ">Per-unit multipliers q are drawn from 1..MaxQ (1: the trits themselves, as absmean writes them).</param>
/// <param name="ZeroRows">Every how many units one has all-zero weights (0: none).</param>
/// <param name="Planes">1: weights in {-q, 0, +q}; 2: q1·t1 + q2·t2 (trit planes, q1 &gt; q2).</param>
/// <param name="OutputScale">The output scale (0: one that spreads outputs over int8); small values drive many into saturation.</param>
/// <param name="PlusOnly">Every non-zero trit is +1: with inputs of -128 every sum is as large as it can be.</param>
/// <param name="Height">With <paramref name="Width"/>: a 1x1 CONV_2D over Batches x Height x Width pixels of Depth channels instead.</param>
public sealed record TernaryLayerSpec(int Units, int Depth, int Batches = 1, uint Seed = 1, double ZeroShare = 1 / 3.0, int MaxQ = 1,
    int ZeroRows = 0, int Planes = 1, float OutputScale = 0.0f, Activation Activation = Activation.None, bool PlusOnly = false,
    int Height = 0, int Width = 0)
{
    public bool Pointwise => Height > 0 && Width > 0;

    /// <summary>Matrix-vector products per inference: batch rows, or pixels of the 1x1 convolution.</summary>
    public int Rows => Pointwise ? Batches * Height * Width : Batches;
}

/// <summary>
/// A single-operator graph, input → FULLY_CONNECTED (or 1x1 CONV_2D) → output, whose int8 weights are ternary per unit,
/// from the xorshift32 generator: the layer `edgegen bench --ternary` measures and the tests build on.
/// The output scale follows the layer's size unless given, so outputs spread over the int8 range.
/// </summary>
public static class TernaryLayerExample
{
    public static Graph Create(TernaryLayerSpec spec)
    {
        if (spec.Units < 1 || spec.Depth < 1 || spec.Batches < 1 || spec.Planes is < 1 or > 2 || spec.MaxQ is < 1 or > 63)
            throw new EdgeGenException($"ternary layer {spec.Units}x{spec.Depth}: units, depth and batches must be positive, planes 1 or 2, q in 1..63");
        var rng = new XorShift32(spec.Seed);
        var weights = new byte[spec.Units * spec.Depth];
        var scales = new float[spec.Units];
        for (var u = 0; u < spec.Units; u++)
        {
            var zero = spec.ZeroRows > 0 && u % spec.ZeroRows == spec.ZeroRows - 1;
            var q1 = 1 + rng.Next(spec.MaxQ);
            var q2 = spec.Planes == 2 ? 1 + rng.Next(Math.Max(q1 - 1, 1)) : 0;
            if (spec.Planes == 2 && q2 >= q1) q1 = q2 + 1;
            for (var k = 0; k < spec.Depth; k++)
            {
                var w = zero ? 0 : q1 * Trit(rng, spec) + q2 * (spec.Planes == 2 ? Trit(rng, spec) : 0);
                weights[u * spec.Depth + k] = (byte)(sbyte)w;
            }
            // about unit variance of w * scale * sqrt(depth) whatever q is
            scales[u] = 1f / ((q1 + q2) * MathF.Sqrt(spec.Depth));
        }

        var b = new GraphBuilder($"ternary_{(spec.Pointwise ? "conv1x1" : "fc")}_{spec.Units}x{spec.Depth}");
        var input = b.Input("input", spec.Pointwise ? new Shape(spec.Batches, spec.Height, spec.Width, spec.Depth) : new Shape(spec.Batches, spec.Depth),
            DataType.Int8, Quantization.PerTensor(0.05f, -3));
        var filter = b.Constant("weights", spec.Pointwise ? new Shape(spec.Units, 1, 1, spec.Depth) : new Shape(spec.Units, spec.Depth), DataType.Int8, weights,
            new Quantization(scales.ToImmutableArray(), Enumerable.Repeat(0L, spec.Units).ToImmutableArray(), 0));
        var biasValues = Enumerable.Range(0, spec.Units).Select(_ => rng.Next(2001) - 1000).ToArray();
        var bias = b.Constant<int>("bias", new Shape(spec.Units), DataType.Int32, biasValues,
            new Quantization(scales.Select(s => 0.05f * s).ToImmutableArray(), Enumerable.Repeat(0L, spec.Units).ToImmutableArray(), 0));
        var outputScale = spec.OutputScale > 0 ? spec.OutputScale : 0.05f * 74f / 127f * 3f;
        var output = b.Activation("output", spec.Pointwise ? new Shape(spec.Batches, spec.Height, spec.Width, spec.Units) : new Shape(spec.Batches, spec.Units),
            DataType.Int8, Quantization.PerTensor(outputScale, 1));
        var inputs = ImmutableArray.Create(input, filter, bias);
        b.Add<Operator>(spec.Pointwise
            ? new Conv2D(inputs, ImmutableArray.Create(output), new Window2D(Padding.Same, 1, 1), spec.Activation)
            : new FullyConnected(inputs, ImmutableArray.Create(output), spec.Activation, false));
        b.Output(output);
        return b.Build();
    }

    /// <summary>A seeded input for the layer (xorshift32 bytes).</summary>
    public static byte[] Input(TernaryLayerSpec spec, uint seed = 7) => new XorShift32(seed).NextBytes(spec.Rows * spec.Depth);

    private static int Trit(XorShift32 rng, TernaryLayerSpec spec)
    {
        if (rng.Next(1 << 16) < spec.ZeroShare * (1 << 16)) return 0;
        return spec.PlusOnly || rng.Next(2) == 1 ? 1 : -1;
    }
}
