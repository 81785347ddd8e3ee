using System.Collections.Immutable;
using EdgeGen.Ir;
using EdgeGen.Ir.Ops;
using EdgeGen.Reference;
using EdgeGen.Targets;
using EdgeGen.Tests.Support;
using Xunit;

namespace EdgeGen.Tests.CSharp;

/// <summary>
/// Kernel paths the shared models do not reach (MAX_POOL_2D, DEQUANTIZE, float QUANTIZE, int8 PAD
/// and requantization, broadcast ADD/SUB, int16 pools, depthwise and fully connected, dilation,
/// channel remainders, several softmax rows): single-operator graphs with random weights and
/// inputs, compiled in memory, equal to the reference interpreter.
/// </summary>
public class CSharpKernelPathTests
{
    private static readonly Dictionary<string, Func<TinyGraph, Graph>> Graphs = new()
    {
        ["maxpool_int8_same_relu"] = t => Unary(t, "maxpool_int8_same_relu", DataType.Int8, [1, 9, 9, 8], [1, 5, 5, 8],
            (i, o) => new MaxPool2D([i], [o], new Window2D(Padding.Same, 2, 2), 3, 3, Activation.Relu), 0.1f, -3),
        ["avgpool_int16_valid"] = t => Unary(t, "avgpool_int16_valid", DataType.Int16, [1, 7, 7, 4], [1, 3, 3, 4],
            (i, o) => new AveragePool2D([i], [o], new Window2D(Padding.Valid, 2, 2), 2, 2, Activation.None), 0.001f, 0),
        ["maxpool_int16"] = t => Unary(t, "maxpool_int16", DataType.Int16, [1, 6, 6, 3], [1, 3, 3, 3],
            (i, o) => new MaxPool2D([i], [o], new Window2D(Padding.Same, 2, 2), 2, 2, Activation.None), 0.001f, 0),
        ["dequantize_int8"] = t =>
        {
            var i = t.Activation(DataType.Int8, [1, 37], 0.05f, 7);
            var o = t.Activation(DataType.Float32, [1, 37]);
            return t.Build("dequantize_int8", new Dequantize([i], [o]), i);
        },
        ["quantize_float_to_int8"] = t =>
        {
            var i = t.Activation(DataType.Float32, [1, 37]);
            var o = t.Activation(DataType.Int8, [1, 37], 0.05f, 7);
            return t.Build("quantize_float_to_int8", new Quantize([i], [o]), i);
        },
        ["requantize_int8"] = t =>
        {
            var i = t.Activation(DataType.Int8, [1, 40], 0.05f, 7);
            var o = t.Activation(DataType.Int8, [1, 40], 0.08f, -11);
            return t.Build("requantize_int8", new Quantize([i], [o]), i);
        },
        ["pad_int8"] = t =>
        {
            var i = t.Activation(DataType.Int8, [1, 5, 6, 3], 0.1f, -5);
            var p = t.Int32Constant([4, 2], 0, 0, 1, 2, 2, 1, 0, 0);
            var o = t.Activation(DataType.Int8, [1, 8, 9, 3], 0.1f, -5);
            return t.Build("pad_int8", new Pad([i, p], [o]), i);
        },
        ["add_int8_broadcast"] = t => Binary(t, "add_int8_broadcast", (a, b, o) => new Add([a, b], [o], Activation.Relu6)),
        ["sub_int8_broadcast"] = t => Binary(t, "sub_int8_broadcast", (a, b, o) => new Sub([a, b], [o], Activation.None)),
        ["fully_connected_int16"] = t =>
        {
            var i = t.Activation(DataType.Int16, [2, 24], 0.001f, 0);
            var f = t.Filter([10, 24], 0);
            var b = t.Bias(10, DataType.Int64);
            var o = t.Activation(DataType.Int16, [2, 10], 0.002f, 0);
            return t.Build("fully_connected_int16", new FullyConnected([i, f, b], [o], Activation.None, false), i);
        },
        ["depthwise_int16_multiplier2"] = t => Depthwise(t, "depthwise_int16_multiplier2", DataType.Int16, 4, 2, 1, Padding.Same),
        ["depthwise_int8_multiplier2"] = t => Depthwise(t, "depthwise_int8_multiplier2", DataType.Int8, 5, 2, 1, Padding.Same),
        ["depthwise_int8_20ch_dilated"] = t => Depthwise(t, "depthwise_int8_20ch_dilated", DataType.Int8, 20, 1, 2, Padding.Same),
        ["depthwise_int8_24ch_valid"] = t => Depthwise(t, "depthwise_int8_24ch_valid", DataType.Int8, 24, 1, 1, Padding.Valid),
        ["conv_int8_dilated_stride2"] = t => Conv(t, "conv_int8_dilated_stride2", [1, 11, 11, 5], 7, 3, new Window2D(Padding.Same, 2, 2, 2, 2)),
        ["conv_int8_pointwise_19ch"] = t => Conv(t, "conv_int8_pointwise_19ch", [1, 4, 4, 19], 6, 1, new Window2D(Padding.Valid, 1, 1)),
        ["conv_int8_1x1_stride2"] = t => Conv(t, "conv_int8_1x1_stride2", [1, 6, 6, 16], 4, 1, new Window2D(Padding.Same, 2, 2)),
        ["softmax_int8_rows"] = t =>
        {
            var i = t.Activation(DataType.Int8, [3, 10], 0.2f, 4);
            var o = t.Activation(DataType.Int8, [3, 10], 1f / 256, -128);
            return t.Build("softmax_int8_rows", new Softmax([i], [o], 1f), i);
        },
    };

    private static readonly Lazy<Dictionary<string, (GeneratedModel Model, byte[][] Inputs)>> Compiled = new(() =>
    {
        var built = Graphs.OrderBy(kv => kv.Key, StringComparer.Ordinal)
            .Select((kv, n) => (kv.Key, Builder: new TinyGraph(100 + n)))
            .Select(x => (x.Key, x.Builder, Graph: Graphs[x.Key](x.Builder)))
            .ToList();
        var models = GeneratedModel.CompileAll(built.Select(b => b.Graph).ToList(), TargetCatalog.Find("host"));
        return built.Select((b, n) => (b.Key, models[n], b.Builder.Inputs(b.Graph))).ToDictionary(x => x.Key, x => (x.Item2, x.Item3));
    });

    public static IEnumerable<object[]> Names() => Graphs.Keys.Order(StringComparer.Ordinal).Select(k => new object[] { k });

    [Theory]
    [MemberData(nameof(Names))]
    public void Generated_csharp_matches_reference(string name)
    {
        var (model, inputs) = Compiled.Value[name];
        var expected = ReferenceInterpreter.Run(model.Graph, inputs);
        var actual = model.Run(inputs);
        Bytes.AssertEqual(expected[0], actual[0], $"{name}: generated C# vs reference");
    }

    private static Graph Unary(TinyGraph t, string name, DataType type, int[] inShape, int[] outShape, Func<int, int, Operator> op, float scale, int zp)
    {
        var i = t.Activation(type, inShape, scale, zp);
        var o = t.Activation(type, outShape, scale, zp);
        return t.Build(name, op(i, o), i);
    }

    private static Graph Binary(TinyGraph t, string name, Func<int, int, int, Operator> op)
    {
        var a = t.Activation(DataType.Int8, [1, 4, 5, 8], 0.05f, 3);
        var b = t.Activation(DataType.Int8, [1, 1, 1, 8], 0.03f, -9);
        var o = t.Activation(DataType.Int8, [1, 4, 5, 8], 0.06f, 1);
        return t.Build(name, op(a, b, o), a, b);
    }

    private static Graph Depthwise(TinyGraph t, string name, DataType type, int cin, int multiplier, int dilation, Padding padding)
    {
        var window = new Window2D(padding, 1, 1, dilation, dilation);
        var (h, w) = (7, 6);
        var i = t.Activation(type, [1, h, w, cin], type == DataType.Int8 ? 0.05f : 0.001f, type == DataType.Int8 ? -6 : 0);
        var f = t.Filter([1, 3, 3, cin * multiplier], 3);
        var b = t.Bias(cin * multiplier, type == DataType.Int8 ? DataType.Int32 : DataType.Int64);
        var o = t.Activation(type, [1, window.OutputH(h, 3), window.OutputW(w, 3), cin * multiplier], type == DataType.Int8 ? 0.08f : 0.002f, type == DataType.Int8 ? 2 : 0);
        return t.Build(name, new DepthwiseConv2D([i, f, b], [o], window, multiplier, Activation.Relu), i);
    }

    private static Graph Conv(TinyGraph t, string name, int[] inShape, int cout, int k, Window2D window)
    {
        var i = t.Activation(DataType.Int8, inShape, 0.05f, 9);
        var f = t.Filter([cout, k, k, inShape[3]], 0);
        var b = t.Bias(cout, DataType.Int32);
        var o = t.Activation(DataType.Int8, [1, window.OutputH(inShape[1], k), window.OutputW(inShape[2], k), cout], 0.1f, -4);
        return t.Build(name, new Conv2D([i, f, b], [o], window, Activation.None), i);
    }
}
