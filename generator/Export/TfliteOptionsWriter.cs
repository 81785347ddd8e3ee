using EdgeGen.Ir;
using EdgeGen.Ir.Ops;
using S = EdgeGen.Import.TFLite.TfliteSchema;

namespace EdgeGen.Export;

/// <summary>
/// Writes an operator's builtin options table, the inverse of the importer's
/// <c>TfliteOperatorParsers</c> (both take field indices from <see cref="S"/>). Returns the
/// BuiltinOptions union type and the table's reference, or (0, 0) for an operator kind without
/// options (then nothing is written).
/// </summary>
internal static class TfliteOptionsWriter
{
    public static (byte Type, int Table) Write(FlatBufferBuilder b, Graph graph, Operator op) => op switch
    {
        Conv2D c => Table(b, S.Options.Conv2D, () =>
        {
            WindowFields(b, c.Window, S.Conv2DOptions.Padding, S.Conv2DOptions.StrideW, S.Conv2DOptions.StrideH);
            DilationFields(b, c.Window, S.Conv2DOptions.DilationW, S.Conv2DOptions.DilationH);
            b.AddByte(S.Conv2DOptions.Activation, ActivationCode(c.Activation));
        }),
        DepthwiseConv2D d => Table(b, S.Options.DepthwiseConv2D, () =>
        {
            WindowFields(b, d.Window, S.DepthwiseConv2DOptions.Padding, S.DepthwiseConv2DOptions.StrideW, S.DepthwiseConv2DOptions.StrideH);
            DilationFields(b, d.Window, S.DepthwiseConv2DOptions.DilationW, S.DepthwiseConv2DOptions.DilationH);
            b.AddInt32(S.DepthwiseConv2DOptions.DepthMultiplier, d.DepthMultiplier);
            b.AddByte(S.DepthwiseConv2DOptions.Activation, ActivationCode(d.Activation));
        }),
        Pool2D p => Table(b, S.Options.Pool2D, () =>
        {
            WindowFields(b, p.Window, S.Pool2DOptions.Padding, S.Pool2DOptions.StrideW, S.Pool2DOptions.StrideH);
            b.AddInt32(S.Pool2DOptions.FilterW, p.FilterW);
            b.AddInt32(S.Pool2DOptions.FilterH, p.FilterH);
            b.AddByte(S.Pool2DOptions.Activation, ActivationCode(p.Activation));
        }),
        FullyConnected f => Table(b, S.Options.FullyConnected, () =>
        {
            b.AddByte(S.FullyConnectedOptions.Activation, ActivationCode(f.Activation));
            b.AddBool(S.FullyConnectedOptions.KeepNumDims, f.KeepNumDims);
        }),
        Softmax s => Table(b, S.Options.Softmax, () => b.AddFloat(S.SoftmaxOptions.Beta, s.Beta)),
        Concatenation c => Table(b, S.Options.Concatenation, () =>
        {
            b.AddInt32(S.ConcatenationOptions.Axis, c.Axis);
            b.AddByte(S.ConcatenationOptions.Activation, ActivationCode(c.Activation));
        }),
        Add a => Table(b, S.Options.Add, () => AddSubFields(b, a)),
        Sub s => Table(b, S.Options.Sub, () => AddSubFields(b, s)),
        Reshape r => ReshapeOptions(b, graph, r),
        Quantize => Table(b, S.Options.Quantize, () => { }),
        Dequantize => Table(b, S.Options.Dequantize, () => { }),
        Pad p => Table(b, p.HasInput(2) ? S.Options.PadV2 : S.Options.Pad, () => { }),
        Mean m => Table(b, S.Options.Reducer, () => b.AddBool(S.ReducerOptions.KeepDims, m.KeepDims)),
        LeakyRelu l => Table(b, S.Options.LeakyRelu, () => b.AddFloat(S.LeakyReluOptions.Alpha, l.Alpha)),
        StridedSlice s => Table(b, S.Options.StridedSlice, () =>
        {
            b.AddInt32(S.StridedSliceOptions.BeginMask, s.BeginMask);
            b.AddInt32(S.StridedSliceOptions.EndMask, s.EndMask);
            b.AddInt32(S.StridedSliceOptions.EllipsisMask, s.EllipsisMask);
            b.AddInt32(S.StridedSliceOptions.NewAxisMask, s.NewAxisMask);
            b.AddInt32(S.StridedSliceOptions.ShrinkAxisMask, s.ShrinkAxisMask);
            b.AddBool(S.StridedSliceOptions.Offset, s.Offset);
        }),
        TransposeConv t => Table(b, S.Options.TransposeConv, () =>
        {
            WindowFields(b, t.Window, S.TransposeConvOptions.Padding, S.TransposeConvOptions.StrideW, S.TransposeConvOptions.StrideH);
            b.AddByte(S.TransposeConvOptions.Activation, ActivationCode(t.Activation));
        }),
        _ => (0, 0),
    };

    private static (byte, int) Table(FlatBufferBuilder b, byte type, Action fields)
    {
        b.StartTable();
        fields();
        return (type, b.EndTable());
    }

    /// <summary>RESHAPE keeps its target shape in new_shape too: TFLite reads it when there is no shape tensor.</summary>
    private static (byte, int) ReshapeOptions(FlatBufferBuilder b, Graph graph, Reshape r)
    {
        var newShape = b.CreateVector(graph[r.Output].Shape.Dims);
        return Table(b, S.Options.Reshape, () => b.AddOffset(S.ReshapeOptions.NewShape, newShape));
    }

    private static void WindowFields(FlatBufferBuilder b, Window2D w, int padding, int strideW, int strideH)
    {
        b.AddByte(padding, w.Padding == Padding.Same ? (byte)0 : (byte)1);
        b.AddInt32(strideW, w.StrideW);
        b.AddInt32(strideH, w.StrideH);
    }

    /// <summary>Dilation factors default to 1 in the schema.</summary>
    private static void DilationFields(FlatBufferBuilder b, Window2D w, int dilationW, int dilationH)
    {
        b.AddInt32(dilationW, w.DilationW, 1);
        b.AddInt32(dilationH, w.DilationH, 1);
    }

    private static void AddSubFields(FlatBufferBuilder b, ElementwiseBinary op)
    {
        b.AddByte(S.AddSubOptions.Activation, ActivationCode(op.Activation));
        b.AddBool(S.AddSubOptions.PotScaleInt16, op.PotScaleInt16, fallback: true);
    }

    private static byte ActivationCode(Activation a) => a switch
    {
        Activation.None => 0,
        Activation.Relu => 1,
        Activation.ReluN1To1 => 2,
        Activation.Relu6 => 3,
        Activation.Tanh => 4,
        Activation.SignBit => 5,
        _ => throw new ArgumentOutOfRangeException(nameof(a)),
    };
}
