using System.Collections.Immutable;
using System.Runtime.InteropServices;
using EdgeGen.Ir;
using EdgeGen.Ir.Ops;
using EdgeGen.Ptq;
using EdgeGen.Reference;

namespace EdgeGen.Examples;

/// <summary>
/// Turns a seeded float network into an informative int8 one, the way the example models are
/// built: run on calibration inputs one operator at a time, each weighted operator's
/// pre-activations are normalized per channel to zero mean and unit variance (data-dependent
/// initialization; the classifier's to a spread of <c>logitSpread</c>), the weights quantized
/// symmetric per channel, and every output range sets its int8 scale and zero point (ADD and
/// SUB included; pools and reshapes keep their input's, softmax has TFLite's fixed one). Plain
/// float arithmetic only: the same network and inputs give the same bytes on every machine.
/// </summary>
internal static class SeededQuantization
{
    /// <param name="network">The float network: weighted operators have a float weight and bias input.</param>
    /// <param name="calibration">Float calibration inputs for the (single) graph input.</param>
    public static Graph Quantize(Graph network, float[][] calibration, Quantization inputQuantization, float logitSpread)
    {
        var calibrated = Calibrate(network, calibration, logitSpread);
        return ToInt8(calibrated, inputQuantization);
    }

    /// <summary>Seeded int8 inputs (from seeds <paramref name="seedBase"/>, +1, ...) as the float values they quantize.</summary>
    public static float[][] Samples(Func<uint, byte[]> input, int count, uint seedBase, Quantization quantization) =>
        Enumerable.Range(0, count)
            .Select(i => input(seedBase + (uint)i).Select(b => quantization.Scale * ((sbyte)b - quantization.ZeroPoint)).ToArray())
            .ToArray();

    /// <summary>The float network with normalized, int8-representable weights, and what quantizing it needs.</summary>
    private sealed record Calibrated(Graph Float, Dictionary<int, (float Min, float Max)> Ranges, Dictionary<int, (sbyte[] Values, float[] Scales)> Weights);

    private static bool IsWeighted(Operator op) => op is Conv2D or DepthwiseConv2D or FullyConnected;

    private static Calibrated Calibrate(Graph g, float[][] samples, float logitSpread)
    {
        var values = new Dictionary<int, float[][]> { [g.Inputs[0]] = samples };
        var ranges = new Dictionary<int, (float, float)>();
        var weights = new Dictionary<int, (sbyte[], float[])>();
        foreach (var op in g.Operators.Where(op => op is not Softmax))
        {
            if (IsWeighted(op))
            {
                var pre = RunSingle(g, WithoutActivation(op), values);
                var (mean, std) = Calibration.ChannelStats(pre, g[op.Output].Shape[-1]);
                var gain = op is FullyConnected ? logitSpread : 1f;
                var factors = std.Select(s => gain / (float)Math.Max(s, 1e-6)).ToArray();
                var offsets = mean.Select(m => (float)m).ToArray();
                var (graph, quantized) = Normalize(g, op, factors, offsets);
                g = graph;
                weights[op.Inputs[1]] = quantized;
            }
            var output = RunSingle(g, op, values);
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

    /// <summary>One operator run alone on every sample of its activation inputs.</summary>
    private static float[][] RunSingle(Graph g, Operator op, Dictionary<int, float[][]> values)
    {
        var inputs = op.Inputs.Where(id => id >= 0 && !g[id].IsConstant).ToImmutableArray();
        var single = g with { Operators = ImmutableArray.Create(op), Inputs = inputs, Outputs = ImmutableArray.Create(op.Output) };
        return Enumerable.Range(0, values[inputs[0]].Length)
            .Select(s => MemoryMarshal.Cast<byte, float>(ReferenceInterpreter.Run(single, inputs.Select(id => Bytes(values[id][s])).ToArray())[0]).ToArray())
            .ToArray();
    }

    private static Graph ToInt8(Calibrated c, Quantization inputQuantization)
    {
        var g = c.Float;
        var tensors = g.Tensors.ToBuilder();
        var quant = new Dictionary<int, Quantization> { [g.Inputs[0]] = inputQuantization };
        tensors[g.Inputs[0]] = g[g.Inputs[0]] with { Type = DataType.Int8, Quantization = inputQuantization };
        foreach (var op in g.Operators)
        {
            var output = g[op.Output];
            var q = op switch
            {
                Conv2D or DepthwiseConv2D or FullyConnected or ElementwiseBinary => Calibration.FromRange(c.Ranges[op.Output].Min, c.Ranges[op.Output].Max),
                Softmax => Quantization.PerTensor(1f / 256, -128),
                _ => quant[op.Inputs[0]], // pooling and reshaping keep their input's scale, as TFLite requires
            };
            quant[op.Output] = q;
            tensors[op.Output] = output with { Type = DataType.Int8, Quantization = q };
            if (!IsWeighted(op)) continue;

            var (values, scales) = c.Weights[op.Inputs[1]];
            var w = g[op.Inputs[1]];
            tensors[w.Id] = w with { Type = DataType.Int8, Data = MemoryMarshal.AsBytes(values.AsSpan()).ToArray(), Quantization = Calibration.PerAxis(scales, WeightAxis.Of(op)) };
            var inputScale = quant[op.Inputs[0]].Scale;
            var biasScales = scales.Select(s => inputScale * s).ToArray();
            var b = g[op.Inputs[2]];
            var bias = b.Float32Data.ToArray().Select((v, i) => (int)Math.Round(v / (double)biasScales[biasScales.Length == 1 ? 0 : i], MidpointRounding.AwayFromZero)).ToArray();
            tensors[b.Id] = b with { Type = DataType.Int32, Data = MemoryMarshal.AsBytes(bias.AsSpan()).ToArray(), Quantization = Calibration.PerAxis(biasScales, 0) };
        }
        return g with { Tensors = tensors.ToImmutable() };
    }

    private static byte[] Bytes(float[] values) => MemoryMarshal.AsBytes(values.AsSpan()).ToArray();

    private static Graph WithData(Graph g, int id, float[] values) =>
        g with { Tensors = g.Tensors.SetItem(id, g[id] with { Data = Bytes(values) }) };
}
