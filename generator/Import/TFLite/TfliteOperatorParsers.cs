using System.Collections.Immutable;
using EdgeGen.Import.FlatBuffers;
using EdgeGen.Ir;
using EdgeGen.Ir.Ops;

namespace EdgeGen.Import.TFLite;

/// <summary>
/// Turns one TFLite operator (builtin code, tensor lists, options table) into its IR record.
/// Option field indices follow the declaration order of each *Options table in schema.fbs.
/// </summary>
internal static class TfliteOperatorParsers
{
    internal delegate Operator Parser(ImmutableArray<int> inputs, ImmutableArray<int> outputs, FbTable? options);

    private static readonly Dictionary<string, Parser> Parsers = new()
    {
        ["CONV_2D"] = (i, o, t) => new Conv2D(i, o,
            new Window2D(Pad(t, 0), Int(t, 2), Int(t, 1), Int(t, 5, 1), Int(t, 4, 1)), Act(t, 3)),
        ["DEPTHWISE_CONV_2D"] = (i, o, t) => new DepthwiseConv2D(i, o,
            new Window2D(Pad(t, 0), Int(t, 2), Int(t, 1), Int(t, 6, 1), Int(t, 5, 1)), Int(t, 3, 1), Act(t, 4)),
        ["FULLY_CONNECTED"] = (i, o, t) =>
        {
            if (t?.Byte(1) is > 0) throw new EdgeGenException("FULLY_CONNECTED: the shuffled weights format is not supported");
            return new FullyConnected(i, o, Act(t, 0), t?.Bool(2) ?? false);
        },
        ["AVERAGE_POOL_2D"] = (i, o, t) => new AveragePool2D(i, o, new Window2D(Pad(t, 0), Int(t, 2), Int(t, 1)), Int(t, 4), Int(t, 3), Act(t, 5)),
        ["MAX_POOL_2D"] = (i, o, t) => new MaxPool2D(i, o, new Window2D(Pad(t, 0), Int(t, 2), Int(t, 1)), Int(t, 4), Int(t, 3), Act(t, 5)),
        ["ADD"] = (i, o, t) => new Add(i, o, Act(t, 0), t?.Bool(1, true) ?? true),
        ["SUB"] = (i, o, t) => new Sub(i, o, Act(t, 0), t?.Bool(1, true) ?? true),
        ["SOFTMAX"] = (i, o, t) => new Softmax(i, o, t?.Float(0) ?? 0f),
        ["RESHAPE"] = (i, o, _) => new Reshape(i, o),
        ["SQUEEZE"] = (i, o, _) => new Reshape(i[..1], o),
        ["QUANTIZE"] = (i, o, _) => new Quantize(i, o),
        ["DEQUANTIZE"] = (i, o, _) => new Dequantize(i, o),
        ["PAD"] = (i, o, _) => new Pad(i, o),
        ["PADV2"] = (i, o, _) => new Pad(i, o),
        ["MEAN"] = (i, o, t) => new Mean(i, o, t?.Bool(0) ?? false),
        ["CONCATENATION"] = (i, o, t) => new Concatenation(i, o, Int(t, 0), Act(t, 1)),
        ["LEAKY_RELU"] = (i, o, t) => new LeakyRelu(i, o, t?.Float(0) ?? 0f),
        ["STRIDED_SLICE"] = (i, o, t) => new StridedSlice(i, o, Int(t, 0), Int(t, 1), Int(t, 2), Int(t, 3), Int(t, 4), t?.Bool(5) ?? false),
        ["TRANSPOSE_CONV"] = (i, o, t) => new TransposeConv(i, o, new Window2D(Pad(t, 0), Int(t, 2), Int(t, 1)), Act(t, 3)),
    };

    public static IReadOnlyCollection<string> Supported => Parsers.Keys;

    public static Parser? For(string name) => Parsers.GetValueOrDefault(name);

    private static int Int(FbTable? t, int field, int fallback = 0) => t?.Int32(field, fallback) ?? fallback;

    private static Ir.Padding Pad(FbTable? t, int field) => (t?.Byte(field) ?? 0) switch
    {
        0 => Ir.Padding.Same,
        1 => Ir.Padding.Valid,
        var p => throw new EdgeGenException($"unknown padding type {p}"),
    };

    private static Activation Act(FbTable? t, int field) => (t?.Byte(field) ?? 0) switch
    {
        0 => Activation.None,
        1 => Activation.Relu,
        2 => Activation.ReluN1To1,
        3 => Activation.Relu6,
        4 => Activation.Tanh,
        5 => Activation.SignBit,
        var a => throw new EdgeGenException($"unknown fused activation {a}"),
    };
}
