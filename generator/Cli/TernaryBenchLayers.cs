using System.Collections.Immutable;
using System.Runtime.InteropServices;
using EdgeGen.Import.TFLite;
using EdgeGen.Ir;
using EdgeGen.Ir.Ops;

namespace EdgeGen.Cli;

/// <summary>
/// The single-layer models of `edgegen bench --ternary`: seeded Gaussian weights ternarized the TWN way (per output
/// channel, trits where |w| exceeds 0.7 × mean |w|, about 42% zeros, written as int8 ±1 with the channel's scale),
/// int8 activations, per-channel scales, ReLU. Shapes: the fully connected layers of the peer's kernel figures and a 3x3 conv.
/// </summary>
internal sealed record TernaryBenchLayer(string Name, Graph Graph, int Weights, int NonZero, bool IsFullyConnected, int In, int Out)
{
    public static IReadOnlyList<TernaryBenchLayer> All() =>
    [
        FullyConnected(640, 128),
        FullyConnected(256, 256),
        Conv3x3(16, 16, 16, 16),
    ];

    public static TernaryBenchLayer FullyConnected(int inputs, int outputs)
    {
        var b = new Builder(inputs * 31 + outputs);
        var x = b.Tensor(new Shape(1, inputs), DataType.Int8, Quantization.PerTensor(0.05f, -7), null);
        var (w, nonZero) = b.TernaryWeights(new Shape(outputs, inputs), 0);
        var bias = b.Bias(outputs);
        var y = b.Tensor(new Shape(1, outputs), DataType.Int8, Quantization.PerTensor(0.2f, -128), null);
        b.Ops.Add(new FullyConnected(ImmutableArray.Create(x, w, bias), ImmutableArray.Create(y), Activation.Relu, false));
        return new TernaryBenchLayer($"fc_{inputs}x{outputs}", b.Build($"ternary_fc_{inputs}x{outputs}", x, y), inputs * outputs, nonZero, true, inputs, outputs);
    }

    public static TernaryBenchLayer Conv3x3(int h, int w, int cin, int cout)
    {
        var b = new Builder(h * 7 + cin * 3 + cout);
        var x = b.Tensor(new Shape(1, h, w, cin), DataType.Int8, Quantization.PerTensor(0.05f, -7), null);
        var (filter, nonZero) = b.TernaryWeights(new Shape(cout, 3, 3, cin), 0);
        var bias = b.Bias(cout);
        var y = b.Tensor(new Shape(1, h, w, cout), DataType.Int8, Quantization.PerTensor(0.2f, -128), null);
        b.Ops.Add(new Conv2D(ImmutableArray.Create(x, filter, bias), ImmutableArray.Create(y), new Window2D(Padding.Same, 1, 1), Activation.Relu));
        var name = $"conv3x3_{h}x{w}x{cin}_{cout}";
        return new TernaryBenchLayer(name, b.Build($"ternary_{name}", x, y), cout * 9 * cin, nonZero, false, 9 * cin, cout);
    }

    /// <summary>Instructions of one call per weight of the layer (for a convolution, per weight and output pixel: per MAC).</summary>
    public long Macs => Graph.TotalMacs;

    private sealed class Builder(int seed)
    {
        private readonly List<Tensor> _tensors = new();
        private readonly Random _rng = new(seed);
        public List<Operator> Ops { get; } = new();

        public int Tensor(Shape shape, DataType type, Quantization quant, byte[]? data)
        {
            _tensors.Add(new Tensor(_tensors.Count, $"t{_tensors.Count}", shape, type, quant, data));
            return _tensors.Count - 1;
        }

        public (int Id, int NonZero) TernaryWeights(Shape shape, int axis)
        {
            var channels = shape[axis];
            var perChannel = shape.ElementCount / channels;
            var trits = new sbyte[shape.ElementCount];
            var scales = new float[channels];
            for (var c = 0; c < channels; c++)
            {
                var w = Enumerable.Range(0, perChannel).Select(_ => Gaussian()).ToArray();
                var threshold = 0.7 * w.Average(Math.Abs);
                var kept = w.Where(v => Math.Abs(v) > threshold).ToArray();
                scales[c] = (float)(0.02 * (kept.Length > 0 ? kept.Average(Math.Abs) : 1));
                for (var k = 0; k < perChannel; k++)
                    trits[c * perChannel + k] = (sbyte)(Math.Abs(w[k]) > threshold ? Math.Sign(w[k]) : 0);
            }
            var quant = new Quantization(scales.ToImmutableArray(), Enumerable.Repeat(0L, channels).ToImmutableArray(), axis);
            return (Tensor(shape, DataType.Int8, quant, MemoryMarshal.AsBytes(trits.AsSpan()).ToArray()), trits.Count(t => t != 0));
        }

        public int Bias(int count)
        {
            var values = Enumerable.Range(0, count).Select(_ => _rng.Next(-2000, 2001)).ToArray();
            return Tensor(new Shape(count), DataType.Int32, Quantization.PerTensor(1, 0), MemoryMarshal.AsBytes(values.AsSpan()).ToArray());
        }

        public Graph Build(string name, int input, int output)
        {
            var g = new Graph(TfliteImporter.SafeName(name), _tensors.ToImmutableArray(), Ops.ToImmutableArray(), ImmutableArray.Create(input), ImmutableArray.Create(output));
            foreach (var op in g.Operators) op.Validate(g);
            return g;
        }

        private double Gaussian() => Math.Sqrt(-2 * Math.Log(1 - _rng.NextDouble())) * Math.Cos(2 * Math.PI * _rng.NextDouble());
    }
}
