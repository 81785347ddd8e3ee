using EdgeGen.Ir;
using EdgeGen.Ir.Ops;
using EdgeGen.Numerics;
using EdgeGen.Numerics.Params;
using EdgeGen.Passes;
using EdgeGen.Reference.Kernels;

namespace EdgeGen.Reference;

/// <summary>
/// Runs ternary layers the way an unrolled ternary kernel does, from the lowered form of
/// <see cref="TernaryLayer.RowTaps"/>: per output channel and trit plane, the input values
/// (plus the input offset) at the +1 taps are added and those at the −1 taps subtracted, with no
/// multiplication; the plane sums are combined with the channel's integer multipliers, the bias
/// added, and the result requantized exactly as the int8 (or 16x8) kernel does. Taps that fall in
/// the padding are skipped, as TFLite's kernels skip them. The sums wrap as the int8 kernel's
/// int32 accumulator does, so the result equals the ordinary kernel's bit for bit; tests hold the
/// two against each other, and the C ternary kernels will be held against both.
/// </summary>
public static class TernaryReference
{
    /// <summary>Runs the graph with every ternary layer computed from its planes and every other operator by the reference kernels.</summary>
    public static byte[][] Run(Graph graph, IReadOnlyList<byte[]> inputs)
    {
        ReferenceInterpreter.CheckInputs(graph, inputs);
        var layers = TernaryDetection.Run(graph).Where(l => l.IsTernary && graph[graph.Operators[l.OperatorIndex].Inputs[0]].Type != DataType.Float32)
            .ToDictionary(l => l.OperatorIndex);
        var store = new TensorStore(graph);
        for (var i = 0; i < inputs.Count; i++) store.Set(graph.Inputs[i], (byte[])inputs[i].Clone());
        for (var i = 0; i < graph.Operators.Length; i++)
        {
            if (layers.TryGetValue(i, out var layer)) RunLayer(graph, layer, store);
            else ReferenceInterpreter.RunOperator(graph, i, store);
        }
        return graph.Outputs.Select(id => (byte[])store.Bytes(id).Clone()).ToArray();
    }

    /// <summary>Computes one ternary layer's output into the store.</summary>
    public static void RunLayer(Graph g, TernaryLayer layer, TensorStore s)
    {
        var op = g.Operators[layer.OperatorIndex];
        var input = g[op.Inputs[0]];
        var filter = g[op.Inputs[1]];
        var output = g[op.Output];
        var channels = layer.Channels;
        var taps = layer.RowTaps(filter.Shape);
        var multipliers = layer.ChannelMultipliers;
        var rq = ChannelRequantization.For(input, filter, output, channels, ActivationOf(op));
        var is16 = input.Type == DataType.Int16;
        var inputOffset = is16 ? 0 : rq.InputOffset;
        var outputOffset = is16 ? 0 : rq.OutputOffset;
        var x = ConvLoop.Widen(s, op.Inputs[0]);
        var bias = op.HasInput(2) ? ConvLoop.Widen(s, op.Inputs[2]) : null;

        foreach (var (outBase, sources) in Windows(g, op))
        {
            for (var c = 0; c < channels; c++)
            {
                var row = sources(c);
                long acc = 0;
                for (var p = 0; p < layer.Planes.Length; p++)
                {
                    long plane = 0;
                    foreach (var k in taps[c][p].Plus) if (row[k] >= 0) plane += x[row[k]] + inputOffset;
                    foreach (var k in taps[c][p].Minus) if (row[k] >= 0) plane -= x[row[k]] + inputOffset;
                    acc += multipliers[c][p] * plane;
                }
                if (bias is not null) acc += bias[c];
                var scaled = is16
                    ? FixedPoint.MultiplyByQuantizedMultiplier(acc, rq.Multipliers[c], rq.Shifts[c])
                    : FixedPoint.MultiplyByQuantizedMultiplier(unchecked((int)acc), rq.Multipliers[c], rq.Shifts[c]);
                s.WriteInteger(op.Output, outBase + c, FixedPoint.Clamp(unchecked(scaled + outputOffset), rq.Range.Min, rq.Range.Max));
            }
        }
    }

    private static Activation ActivationOf(Operator op) => op switch
    {
        Conv2D c => c.Activation,
        DepthwiseConv2D d => d.Activation,
        FullyConnected f => f.Activation,
        _ => throw new ArgumentException($"{op.Kind} is not a weighted layer"),
    };

    /// <summary>
    /// Every output position: the flat index of its channel 0 in the output, and for each channel
    /// the input index each position of the channel's weight row reads (−1 in the padding).
    /// </summary>
    private static IEnumerable<(int OutBase, Func<int, int[]> Sources)> Windows(Graph g, Operator op)
    {
        var input = g[op.Inputs[0]];
        var filter = g[op.Inputs[1]];
        var output = g[op.Output];
        if (op is FullyConnected fc)
        {
            var depth = filter.Shape[1];
            var units = filter.Shape[0];
            for (var b = 0; b < fc.Batches(g); b++)
            {
                var row = Enumerable.Range(b * depth, depth).ToArray();
                yield return (b * units, _ => row);
            }
            yield break;
        }
        var window = op is Conv2D conv ? conv.Window : ((DepthwiseConv2D)op).Window;
        var geo = ConvLoop.For(input.Shape, filter.Shape[1], filter.Shape[2], output.Shape, window);
        var cin = input.Shape[3];
        var cout = output.Shape[3];
        var perTap = op is Conv2D ? cin : 1;
        var depthMultiplier = cout / cin;
        foreach (var (b, oy, ox, inY0, inX0) in geo.OutputPixels())
        {
            // The input pixel under each filter tap (ky * FilterW + kx), or −1 in the padding.
            var pixels = Enumerable.Repeat(-1, geo.FilterH * geo.FilterW).ToArray();
            foreach (var (pixel, tap) in geo.Taps(b, inY0, inX0)) pixels[tap] = pixel;
            var outBase = ((b * geo.OutH + oy) * geo.OutW + ox) * cout;
            if (op is Conv2D)
            {
                // A CONV_2D row is [KH, KW, Cin]: position k is tap k / Cin, input channel k % Cin; the same for every channel.
                var row = Enumerable.Range(0, pixels.Length * perTap).Select(k => pixels[k / cin] < 0 ? -1 : pixels[k / cin] * cin + k % cin).ToArray();
                yield return (outBase, _ => row);
            }
            else
            {
                // A DEPTHWISE_CONV_2D row is [KH, KW] for one output channel c, which reads input channel c / M.
                yield return (outBase, c => pixels.Select(p => p < 0 ? -1 : p * cin + c / depthMultiplier).ToArray());
            }
        }
    }
}
