using System.Collections.Immutable;
using System.Runtime.InteropServices;
using EdgeGen.Ir;
using EdgeGen.Ir.Ops;
using EdgeGen.Ptq;
using EdgeGen.Reference;

namespace EdgeGen.Examples;

/// <summary>
/// A keyword-spotting network shaped like MLPerf Tiny's DS-CNN, but smaller, built from a seed:
/// input [1,49,10,1] int8 (49 frames x 10 MFCC features) -> CONV_2D 10x4 stride 2 -> 4 blocks of
/// DEPTHWISE_CONV_2D 3x3 + CONV_2D 1x1 (RELU, per-channel int8 weights, int32 biases) ->
/// AVERAGE_POOL_2D -> RESHAPE -> FULLY_CONNECTED to 12 classes -> SOFTMAX (scale 1/256, zp -128).
/// <para>
/// The weights are random but not arbitrary. Building runs a float version of the network on
/// seeded calibration inputs, one layer at a time: each layer's pre-activations are normalized per
/// channel to zero mean and unit variance (data-dependent initialization), the weights are then
/// quantized symmetric per channel, and the layer's output range sets its int8 scale and zero
/// point. The classifier's logits are normalized per class across inputs to a spread of
/// <see cref="LogitSpread"/>, so different inputs win different classes and the softmax neither
/// saturates nor stays constant. Everything is plain float arithmetic from xorshift32: the same
/// seed gives the same bytes on every machine.
/// </para>
/// </summary>
public static class KwsExampleModel
{
    public const uint DefaultSeed = 1;
    public const int Channels = 32;
    public const int Blocks = 4;
    public const int Classes = 12;
    public const int CalibrationInputs = 32;
    public const uint CalibrationSeedBase = 1000;
    public const float LogitSpread = 2f;

    public static readonly Shape InputShape = new(1, 49, 10, 1);
    public static readonly Quantization InputQuantization = Quantization.PerTensor(1f / 16, 0);

    /// <summary>The int8 network for a seed.</summary>
    public static Graph Build(uint seed = DefaultSeed)
    {
        var network = FloatNetwork(seed);
        var calibration = Calibrate(network);
        return Quantize(calibration);
    }

    /// <summary>An input for the network: xorshift32 bytes, as ../shared/models defines seeded inputs.</summary>
    public static byte[] Input(uint seed) => new XorShift32(seed).NextBytes(InputShape.ElementCount);

    // ---- the float network ----

    private static Graph FloatNetwork(uint seed)
    {
        // Weights draw from a stream of their own, so they are unrelated to the input of the same seed.
        var rng = new XorShift32(seed * 0x9E3779B9u + 0x7F4A7C15u);
        var g = new GraphBuilder("kws_example");
        var x = g.Input("input", InputShape, DataType.Float32);
        var shape = new Shape(1, 25, 5, Channels);
        x = Conv(g, rng, "conv1", x, shape, new Shape(Channels, 10, 4, 1), new Window2D(Padding.Same, 2, 2));
        for (var b = 1; b <= Blocks; b++)
        {
            x = Depthwise(g, rng, $"block{b}/depthwise", x, shape);
            x = Conv(g, rng, $"block{b}/pointwise", x, shape, new Shape(Channels, 1, 1, Channels), new Window2D(Padding.Same, 1, 1));
        }
        var pooled = g.Activation("pool", new Shape(1, 1, 1, Channels), DataType.Float32);
        g.Add(new AveragePool2D(Ids(x), Ids(pooled), new Window2D(Padding.Valid, 1, 1), shape[1], shape[2], Activation.None));
        var flatShape = g.Constant<int>("flatten/shape", new Shape(2), DataType.Int32, new[] { 1, Channels });
        var flat = g.Activation("flatten", new Shape(1, Channels), DataType.Float32);
        g.Add(new Reshape(Ids(pooled, flatShape), Ids(flat)));
        var fcWeights = RandomConstant(g, rng, "fc/weights", new Shape(Classes, Channels));
        var fcBias = g.Constant<float>("fc/bias", new Shape(Classes), DataType.Float32, new float[Classes]);
        var logits = g.Activation("logits", new Shape(1, Classes), DataType.Float32);
        g.Add(new FullyConnected(Ids(flat, fcWeights, fcBias), Ids(logits), Activation.None, KeepNumDims: false));
        var probabilities = g.Activation("probabilities", new Shape(1, Classes), DataType.Float32);
        g.Add(new Softmax(Ids(logits), Ids(probabilities), 1f));
        g.Output(probabilities);
        return g.Build();
    }

    private static int Conv(GraphBuilder g, XorShift32 rng, string name, int x, Shape output, Shape filter, Window2D window)
    {
        var weights = RandomConstant(g, rng, name + "/weights", filter);
        var bias = g.Constant<float>(name + "/bias", new Shape(filter[0]), DataType.Float32, new float[filter[0]]);
        var y = g.Activation(name + "/relu", output, DataType.Float32);
        g.Add(new Conv2D(Ids(x, weights, bias), Ids(y), window, Activation.Relu));
        return y;
    }

    private static int Depthwise(GraphBuilder g, XorShift32 rng, string name, int x, Shape output)
    {
        var weights = RandomConstant(g, rng, name + "/weights", new Shape(1, 3, 3, Channels));
        var bias = g.Constant<float>(name + "/bias", new Shape(Channels), DataType.Float32, new float[Channels]);
        var y = g.Activation(name + "/relu", output, DataType.Float32);
        g.Add(new DepthwiseConv2D(Ids(x, weights, bias), Ids(y), new Window2D(Padding.Same, 1, 1), 1, Activation.Relu));
        return y;
    }

    private static int RandomConstant(GraphBuilder g, XorShift32 rng, string name, Shape shape)
    {
        var values = new float[shape.ElementCount];
        for (var i = 0; i < values.Length; i++) values[i] = rng.NextSignedUnit();
        return g.Constant<float>(name, shape, DataType.Float32, values);
    }

    // ---- calibration: normalize, quantize and measure one layer at a time ----

    /// <summary>The float network with normalized, int8-representable weights, and what quantizing it needs.</summary>
    private sealed record Calibrated(Graph Float, Dictionary<int, (float Min, float Max)> Ranges, Dictionary<int, (sbyte[] Values, float[] Scales)> Weights);

    private static Calibrated Calibrate(Graph g)
    {
        var inputQ = InputQuantization;
        var samples = Enumerable.Range(0, CalibrationInputs)
            .Select(i => Input(CalibrationSeedBase + (uint)i).Select(b => inputQ.Scale * ((sbyte)b - inputQ.ZeroPoint)).ToArray())
            .ToArray();
        var values = new Dictionary<int, float[][]> { [g.Inputs[0]] = samples };
        var ranges = new Dictionary<int, (float, float)>();
        var weights = new Dictionary<int, (sbyte[], float[])>();
        foreach (var op in g.Operators.Where(op => op is not Softmax))
        {
            var input = values[op.Inputs[0]];
            if (op is Conv2D or DepthwiseConv2D or FullyConnected)
            {
                var pre = RunSingle(g, WithoutActivation(op), input);
                var (mean, std) = Calibration.ChannelStats(pre, g[op.Output].Shape[-1]);
                var gain = op is FullyConnected ? LogitSpread : 1f;
                var factors = std.Select(s => gain / (float)Math.Max(s, 1e-6)).ToArray();
                var offsets = mean.Select(m => (float)m).ToArray();
                var (graph, quantized) = Normalize(g, op, factors, offsets);
                g = graph;
                weights[op.Inputs[1]] = quantized;
            }
            var output = RunSingle(g, op, input);
            values[op.Output] = output;
            ranges[op.Output] = (output.Min(v => v.Min()), output.Max(v => v.Max()));
        }
        return new Calibrated(g, ranges, weights);
    }

    /// <summary>
    /// Scales output channel c of a weighted operator so its pre-activation becomes
    /// (y - offset[c]) * factor[c], then replaces the weights by their int8-representable values.
    /// </summary>
    private static (Graph, (sbyte[], float[])) Normalize(Graph g, Operator op, float[] factors, float[] offsets)
    {
        var w = g[op.Inputs[1]];
        var axis = WeightAxis.Of(op);
        var weights = w.Float32Data.ToArray();
        for (var i = 0; i < weights.Length; i++) weights[i] *= factors[WeightAxis.ChannelOf(w.Shape, axis, i)];
        var bias = g[op.Inputs[2]].Float32Data.ToArray();
        for (var c = 0; c < bias.Length; c++) bias[c] = (bias[c] - offsets[c]) * factors[c];
        var (q, scales) = Calibration.QuantizeSymmetric(weights, w.Shape, op is FullyConnected ? null : axis);
        var dequantized = q.Select((v, i) => v * scales[scales.Length == 1 ? 0 : WeightAxis.ChannelOf(w.Shape, axis, i)]).ToArray();
        g = WithData(g, w.Id, dequantized);
        g = WithData(g, op.Inputs[2], bias);
        return (g, (q, scales));
    }

    private static Operator WithoutActivation(Operator op) => op switch
    {
        Conv2D c => c with { Activation = Activation.None },
        DepthwiseConv2D d => d with { Activation = Activation.None },
        FullyConnected f => f with { Activation = Activation.None },
        _ => op,
    };

    private static float[][] RunSingle(Graph g, Operator op, float[][] inputs)
    {
        var single = g with { Operators = ImmutableArray.Create(op), Inputs = Ids(op.Inputs[0]), Outputs = Ids(op.Output) };
        return inputs.Select(x => MemoryMarshal.Cast<byte, float>(ReferenceInterpreter.Run(single, new[] { Bytes(x) })[0]).ToArray()).ToArray();
    }

    // ---- the int8 network ----

    private static Graph Quantize(Calibrated c) => Int8Conversion.Convert(c.Float,
        id => id == c.Float.Inputs[0] ? InputQuantization : Calibration.FromRange(c.Ranges[id].Min, c.Ranges[id].Max),
        op => c.Weights[op.Inputs[1]]);

    // ---- small helpers ----

    private static ImmutableArray<int> Ids(params int[] ids) => ids.ToImmutableArray();

    private static byte[] Bytes(float[] values) => MemoryMarshal.AsBytes(values.AsSpan()).ToArray();

    private static Graph WithData(Graph g, int id, float[] values) =>
        g with { Tensors = g.Tensors.SetItem(id, g[id] with { Data = Bytes(values) }) };
}
