using System.Collections.Immutable;
using EdgeGen.Import.FlatBuffers;
using EdgeGen.Ir;
using EdgeGen.Ir.Ops;
using S = EdgeGen.Import.TFLite.TfliteSchema;

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
            new Window2D(Pad(t, S.Conv2DOptions.Padding), Int(t, S.Conv2DOptions.StrideH), Int(t, S.Conv2DOptions.StrideW),
                Int(t, S.Conv2DOptions.DilationH, 1), Int(t, S.Conv2DOptions.DilationW, 1)),
            Act(t, S.Conv2DOptions.Activation)),
        ["DEPTHWISE_CONV_2D"] = (i, o, t) => new DepthwiseConv2D(i, o,
            new Window2D(Pad(t, S.DepthwiseConv2DOptions.Padding), Int(t, S.DepthwiseConv2DOptions.StrideH), Int(t, S.DepthwiseConv2DOptions.StrideW),
                Int(t, S.DepthwiseConv2DOptions.DilationH, 1), Int(t, S.DepthwiseConv2DOptions.DilationW, 1)),
            Int(t, S.DepthwiseConv2DOptions.DepthMultiplier, 1), Act(t, S.DepthwiseConv2DOptions.Activation)),
        ["FULLY_CONNECTED"] = (i, o, t) =>
        {
            if (t?.Byte(S.FullyConnectedOptions.WeightsFormat) is > 0) throw new EdgeGenException("FULLY_CONNECTED: the shuffled weights format is not supported");
            return new FullyConnected(i, o, Act(t, S.FullyConnectedOptions.Activation), t?.Bool(S.FullyConnectedOptions.KeepNumDims) ?? false);
        },
        ["AVERAGE_POOL_2D"] = (i, o, t) => new AveragePool2D(i, o, PoolWindow(t), Int(t, S.Pool2DOptions.FilterH), Int(t, S.Pool2DOptions.FilterW), Act(t, S.Pool2DOptions.Activation)),
        ["MAX_POOL_2D"] = (i, o, t) => new MaxPool2D(i, o, PoolWindow(t), Int(t, S.Pool2DOptions.FilterH), Int(t, S.Pool2DOptions.FilterW), Act(t, S.Pool2DOptions.Activation)),
        ["ADD"] = (i, o, t) => new Add(i, o, Act(t, S.AddSubOptions.Activation), t?.Bool(S.AddSubOptions.PotScaleInt16, true) ?? true),
        ["SUB"] = (i, o, t) => new Sub(i, o, Act(t, S.AddSubOptions.Activation), t?.Bool(S.AddSubOptions.PotScaleInt16, true) ?? true),
        ["SOFTMAX"] = (i, o, t) => new Softmax(i, o, t?.Float(S.SoftmaxOptions.Beta) ?? 0f),
        ["RESHAPE"] = (i, o, _) => new Reshape(i, o),
        // SQUEEZE's squeeze_dims only restate the output shape; an absent input is left for Validate to report.
        ["SQUEEZE"] = (i, o, _) => new Reshape(i.IsEmpty ? i : i[..1], o),
        ["QUANTIZE"] = (i, o, _) => new Quantize(i, o),
        ["DEQUANTIZE"] = (i, o, _) => new Dequantize(i, o),
        ["PAD"] = (i, o, _) => new Pad(i, o),
        ["PADV2"] = (i, o, _) => new Pad(i, o),
        ["MEAN"] = (i, o, t) => new Mean(i, o, t?.Bool(S.ReducerOptions.KeepDims) ?? false),
        ["CONCATENATION"] = (i, o, t) => new Concatenation(i, o, Int(t, S.ConcatenationOptions.Axis), Act(t, S.ConcatenationOptions.Activation)),
        ["LEAKY_RELU"] = (i, o, t) => new LeakyRelu(i, o, t?.Float(S.LeakyReluOptions.Alpha) ?? 0f),
        ["STRIDED_SLICE"] = (i, o, t) => new StridedSlice(i, o,
            Int(t, S.StridedSliceOptions.BeginMask), Int(t, S.StridedSliceOptions.EndMask), Int(t, S.StridedSliceOptions.EllipsisMask),
            Int(t, S.StridedSliceOptions.NewAxisMask), Int(t, S.StridedSliceOptions.ShrinkAxisMask), t?.Bool(S.StridedSliceOptions.Offset) ?? false),
        ["TRANSPOSE_CONV"] = (i, o, t) => new TransposeConv(i, o,
            new Window2D(Pad(t, S.TransposeConvOptions.Padding), Int(t, S.TransposeConvOptions.StrideH), Int(t, S.TransposeConvOptions.StrideW)),
            Act(t, S.TransposeConvOptions.Activation)),
    };

    private static Window2D PoolWindow(FbTable? t) =>
        new(Pad(t, S.Pool2DOptions.Padding), Int(t, S.Pool2DOptions.StrideH), Int(t, S.Pool2DOptions.StrideW));

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
