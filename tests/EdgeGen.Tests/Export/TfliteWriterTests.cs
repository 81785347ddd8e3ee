using System.Collections.Immutable;
using EdgeGen.Export;
using EdgeGen.Import.FlatBuffers;
using EdgeGen.Import.TFLite;
using EdgeGen.Ir;
using EdgeGen.Ir.Ops;
using EdgeGen.Tests.Support;
using Xunit;

namespace EdgeGen.Tests.Export;

/// <summary>
/// The writer on a synthetic graph that uses every operator kind the importer parses, with
/// non-default options, int8/int16/int32/int64/float32 tensors and per-tensor and per-axis
/// quantization; plus the file-level conventions (TFL3, version 3, buffer 0 empty, aligned data).
/// </summary>
public class TfliteWriterTests
{
    [Fact]
    public void Every_operator_kind_round_trips_with_its_options()
    {
        var graph = AllOperatorsGraph();
        var bytes = TfliteWriter.Write(graph);
        var reread = TfliteImporter.Read(bytes, "all-ops", graph.Name);
        GraphComparison.AssertEqual(graph, reread);
        // Every name the importer parses except SQUEEZE, which it reads as a RESHAPE.
        Assert.Equal(
            new[] { "ADD", "AVERAGE_POOL_2D", "CONCATENATION", "CONV_2D", "DEPTHWISE_CONV_2D", "DEQUANTIZE", "FULLY_CONNECTED", "LEAKY_RELU",
                "MAX_POOL_2D", "MEAN", "PAD", "PADV2", "QUANTIZE", "RESHAPE", "SOFTMAX", "STRIDED_SLICE", "SUB", "TRANSPOSE_CONV" },
            graph.Operators.Select(o => o.Kind).Distinct().Order(StringComparer.Ordinal));
    }

    [Fact]
    public void File_follows_the_tflite_conventions()
    {
        var graph = AllOperatorsGraph();
        var bytes = TfliteWriter.Write(graph);
        var reader = new FlatBufferReader(bytes, "all-ops");
        Assert.Equal("TFL3", reader.Identifier);
        var model = reader.Root();
        Assert.Equal(3u, model.UInt32(0));
        var buffers = model.Vector(4, 4, "buffers")!.Value;
        Assert.Equal(graph.Tensors.Count(t => t.IsConstant) + 1, buffers.Count);
        Assert.Null(buffers.Table(0).Vector(0, 1, "data"));
        for (var i = 1; i < buffers.Count; i++)
            Assert.Equal(0, buffers.Table(i).Vector(0, 1, "data")!.Value.Position % 16);
        Assert.Equal(0, bytes.Length % 16);
    }

    [Fact]
    public void Operator_codes_are_listed_once_in_order_of_first_use()
    {
        var reader = new FlatBufferReader(TfliteWriter.Write(AllOperatorsGraph()), "all-ops");
        var codes = reader.Root().Vector(1, 4, "operator codes")!.Value;
        var names = Enumerable.Range(0, codes.Count).Select(i => TfliteSchema.BuiltinName(codes.Table(i).Int32(3))).ToList();
        Assert.Equal(AllOperatorsGraph().Operators.Select(o => o.Kind).Distinct(), names);
    }

    [Fact]
    public void Writing_is_deterministic()
    {
        Assert.Equal(TfliteWriter.Write(AllOperatorsGraph()), TfliteWriter.Write(AllOperatorsGraph()));
    }

    /// <summary>A valid graph exercising every operator record of Ir/Ops with non-default attributes.</summary>
    internal static Graph AllOperatorsGraph()
    {
        var g = new GraphBuilder("all_ops");
        var q = Quantization.PerTensor(0.1f, 3);
        var x = g.Input("x", new Shape(1, 8, 8, 4), DataType.Int8, Quantization.PerTensor(0.05f, -3));

        // CONV_2D, per-axis filter and bias, dilation 2, VALID, RELU6.
        var convW = g.Constant("conv_w", new Shape(6, 3, 3, 4), DataType.Int8, Ramp(6 * 9 * 4), PerAxis(6, 0));
        var convB = g.Constant<int>("conv_b", new Shape(6), DataType.Int32, new[] { 1, -2, 3, -4, 5, -6 }, PerAxis(6, 0));
        var conv = g.Activation("conv", new Shape(1, 4, 4, 6), DataType.Int8, q);
        g.Add(new Conv2D(Ids(x, convW, convB), Ids(conv), new Window2D(Padding.Valid, 1, 1, 2, 2), Activation.Relu6));

        // DEPTHWISE_CONV_2D, multiplier 2, SAME, stride 2x1, RELU.
        var dwW = g.Constant("dw_w", new Shape(1, 3, 3, 12), DataType.Int8, Ramp(9 * 12), PerAxis(12, 3));
        var dw = g.Activation("dw", new Shape(1, 2, 4, 12), DataType.Int8, q);
        g.Add(new DepthwiseConv2D(Ids(conv, dwW), Ids(dw), new Window2D(Padding.Same, 2, 1), 2, Activation.Relu));

        var avg = g.Activation("avg", new Shape(1, 1, 2, 12), DataType.Int8, q);
        g.Add(new AveragePool2D(Ids(dw), Ids(avg), new Window2D(Padding.Same, 2, 2), 2, 3, Activation.ReluN1To1));
        var max = g.Activation("max", new Shape(1, 1, 2, 12), DataType.Int8, q);
        g.Add(new MaxPool2D(Ids(dw), Ids(max), new Window2D(Padding.Same, 2, 2), 2, 2, Activation.None));

        var sum = g.Activation("sum", new Shape(1, 1, 2, 12), DataType.Int8, q);
        g.Add(new Add(Ids(avg, max), Ids(sum), Activation.Relu, PotScaleInt16: false));
        var offset = g.Constant("offset", new Shape(12), DataType.Int8, Ramp(12), q);
        var diff = g.Activation("diff", new Shape(1, 1, 2, 12), DataType.Int8, q);
        g.Add(new Sub(Ids(sum, offset), Ids(diff), Activation.None));

        var cat = g.Activation("cat", new Shape(1, 1, 2, 24), DataType.Int8, q);
        g.Add(new Concatenation(Ids(diff, sum), Ids(cat), -1, Activation.Relu6));

        var pads = g.Constant<int>("pads", new Shape(4, 2), DataType.Int32, new[] { 0, 0, 1, 1, 0, 0, 0, 0 });
        var padded = g.Activation("padded", new Shape(1, 3, 2, 24), DataType.Int8, q);
        g.Add(new Pad(Ids(cat, pads), Ids(padded)));
        var pads64 = g.Constant<long>("pads64", new Shape(4, 2), DataType.Int64, new[] { 0L, 0, 0, 0, 1, 0, 0, 0 });
        var padValue = g.Constant("pad_value", new Shape(1), DataType.Int8, new byte[] { 5 }, q);
        var padded2 = g.Activation("padded2", new Shape(1, 3, 3, 24), DataType.Int8, q);
        g.Add(new Pad(Ids(padded, pads64, padValue), Ids(padded2)));

        var axes = g.Constant<int>("axes", new Shape(2), DataType.Int32, new[] { 1, 2 });
        var mean = g.Activation("mean", new Shape(1, 1, 1, 24), DataType.Int8, q);
        g.Add(new Mean(Ids(padded2, axes), Ids(mean), KeepDims: true));

        var newShape = g.Constant<int>("new_shape", new Shape(2), DataType.Int32, new[] { 1, 24 });
        var flat = g.Activation("flat", new Shape(1, 24), DataType.Int8, q);
        g.Add(new Reshape(Ids(mean, newShape), Ids(flat)));

        var fcW = g.Constant("fc_w", new Shape(10, 24), DataType.Int8, Ramp(240), Quantization.PerTensor(0.02f, 0));
        var fcB = g.Constant<int>("fc_b", new Shape(10), DataType.Int32, Enumerable.Range(-5, 10).ToArray(), Quantization.PerTensor(0.002f, 0));
        var fc = g.Activation("fc", new Shape(1, 10), DataType.Int8, q);
        g.Add(new FullyConnected(Ids(flat, fcW, fcB), Ids(fc), Activation.Relu, KeepNumDims: true));

        var leaky = g.Activation("leaky", new Shape(1, 10), DataType.Int8, q);
        g.Add(new LeakyRelu(Ids(fc), Ids(leaky), 0.2f));

        var begin = g.Constant<int>("begin", new Shape(2), DataType.Int32, new[] { 0, 1 });
        var end = g.Constant<int>("end", new Shape(2), DataType.Int32, new[] { 1, 9 });
        var strides = g.Constant<int>("strides", new Shape(2), DataType.Int32, new[] { 1, 2 });
        var slice = g.Activation("slice", new Shape(1, 4), DataType.Int8, q);
        g.Add(new StridedSlice(Ids(leaky, begin, end, strides), Ids(slice), BeginMask: 1, EndMask: 1, EllipsisMask: 0, NewAxisMask: 0, ShrinkAxisMask: 0, Offset: false));

        var probs = g.Activation("probs", new Shape(1, 4), DataType.Int8, Quantization.PerTensor(1f / 256, -128));
        g.Add(new Softmax(Ids(slice), Ids(probs), 0.5f));
        var real = g.Activation("real", new Shape(1, 4), DataType.Float32);
        g.Add(new Dequantize(Ids(probs), Ids(real)));
        var wide = g.Activation("wide", new Shape(1, 4), DataType.Int16, Quantization.PerTensor(1f / 32768, 0));
        g.Add(new Quantize(Ids(real), Ids(wide)));
        var twice = g.Activation("twice", new Shape(1, 4), DataType.Int16, Quantization.PerTensor(1f / 16384, 0));
        g.Add(new Add(Ids(wide, wide), Ids(twice), Activation.None));

        // TRANSPOSE_CONV on a second branch from the input.
        var outShape = g.Constant<int>("tc_shape", new Shape(4), DataType.Int32, new[] { 1, 16, 16, 3 });
        var tcW = g.Constant("tc_w", new Shape(3, 3, 3, 4), DataType.Int8, Ramp(27 * 4), PerAxis(3, 0));
        var tcB = g.Constant<int>("tc_b", new Shape(3), DataType.Int32, new[] { 7, 8, 9 });
        var tc = g.Activation("tc", new Shape(1, 16, 16, 3), DataType.Int8, q);
        g.Add(new TransposeConv(Ids(outShape, tcW, x, tcB), Ids(tc), new Window2D(Padding.Same, 2, 2), Activation.None));

        g.Output(twice);
        g.Output(tc);
        return g.Build();
    }

    private static ImmutableArray<int> Ids(params int[] ids) => ids.ToImmutableArray();

    private static byte[] Ramp(int count) => Enumerable.Range(0, count).Select(i => (byte)(i * 37 % 255 - 127)).ToArray();

    private static Quantization PerAxis(int count, int axis) => new(
        Enumerable.Range(0, count).Select(i => 0.01f + 0.001f * i).ToImmutableArray(),
        Enumerable.Repeat(0L, count).ToImmutableArray(),
        axis);
}
