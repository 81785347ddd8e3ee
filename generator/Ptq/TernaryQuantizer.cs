using EdgeGen.Ir;
using EdgeGen.Ir.Ops;

namespace EdgeGen.Ptq;

/// <summary>
/// Post-training ternarization of a float model: every CONV_2D, DEPTHWISE_CONV_2D and
/// FULLY_CONNECTED gets ternary weights (<see cref="Ternarizer"/>), every activation int8
/// parameters from its calibrated range (<see cref="ActivationRanges"/>, <see cref="Int8Conversion"/>).
/// Hybrid layers (int8 weights in a float model) are ternarized from their dequantized weights.
/// </summary>
public static class TernaryQuantizer
{
    public static Graph Quantize(Graph floatGraph, TernaryMethod method, IReadOnlyList<float[]> calibration, double? percentile = null) =>
        Quantize(floatGraph, method, ActivationRanges.Measure(floatGraph, calibration, percentile));

    public static Graph Quantize(Graph floatGraph, TernaryMethod method, IReadOnlyDictionary<int, (float Min, float Max)> ranges)
    {
        ModelRunner.SingleInput(floatGraph);
        if (floatGraph[floatGraph.Inputs[0]].Type != DataType.Float32)
            throw new EdgeGenException($"model '{floatGraph.Name}' has a {floatGraph[floatGraph.Inputs[0]].Type.DisplayName()} input; quantize takes a float32 model");
        return Int8Conversion.Convert(floatGraph,
            id => ranges.TryGetValue(id, out var r) ? Calibration.FromRange(r.Min, r.Max)
                : throw new EdgeGenException($"tensor '{floatGraph[id].Name}' was not seen during calibration"),
            op =>
            {
                var w = floatGraph[op.Inputs[1]];
                var t = Ternarizer.Ternarize(FloatWeights(w), w.Shape, WeightAxis.Of(op), method);
                return (t.Values, t.Scales);
            });
    }

    /// <summary>
    /// The control experiment: the same pipeline with ordinary int8 weights (symmetric, per channel,
    /// max|w| / 127) instead of ternary ones, to tell the cost of ternary weights from that of int8 activations.
    /// </summary>
    public static Graph QuantizeInt8(Graph floatGraph, IReadOnlyDictionary<int, (float Min, float Max)> ranges) =>
        Int8Conversion.Convert(floatGraph, id => Calibration.FromRange(ranges[id].Min, ranges[id].Max), op =>
        {
            var w = floatGraph[op.Inputs[1]];
            return Calibration.QuantizeSymmetric(FloatWeights(w), w.Shape, WeightAxis.Of(op));
        });

    /// <summary>A weight tensor's real values: float32 as stored, int8 dequantized (per tensor or per channel).</summary>
    public static float[] FloatWeights(Tensor w)
    {
        if (w.Type == DataType.Float32) return w.Float32Data.ToArray();
        if (w.Type != DataType.Int8) throw new EdgeGenException($"weights '{w.Name}' are {w.Type.DisplayName()}; expected float32 or int8");
        var q = w.Quant;
        var data = w.Int8Data;
        var values = new float[data.Length];
        for (var i = 0; i < values.Length; i++)
            values[i] = q.ScaleAt(q.IsPerAxis ? WeightAxis.ChannelOf(w.Shape, q.Axis, i) : 0) * (data[i] - (int)q.ZeroPointAt(0));
        return values;
    }

    /// <summary>Whether the model's output is a class score (it ends in SOFTMAX), so top-1 agreement means something.</summary>
    public static bool IsClassifier(Graph g) => g.Operators.Length > 0 && g.Operators[^1] is Softmax && g[g.Outputs[0]].Shape.ElementCount > 1;

    /// <summary>The agreement of the quantized model with the float model on each input set.</summary>
    public static IReadOnlyList<(string Set, Agreement Agreement)> Evaluate(Graph floatGraph, Graph quantized, IEnumerable<InputSet> sets, Dictionary<float[], float[]>? floatCache = null)
    {
        var cache = floatCache ?? new Dictionary<float[], float[]>(ReferenceEqualityComparer.Instance);
        var classifier = IsClassifier(floatGraph);
        return sets.Select(set =>
        {
            var reference = set.Inputs.Select(x => cache.TryGetValue(x, out var y) ? y : cache[x] = ModelRunner.Run(floatGraph, x)).ToArray();
            var candidate = set.Inputs.Select(x => ModelRunner.Run(quantized, x)).ToArray();
            return (set.Name, Agreement.Compare(reference, candidate, classifier));
        }).ToArray();
    }
}
