using EdgeGen.Ir;
using EdgeGen.Numerics.Params;

namespace EdgeGen.Emit.C.Kernels;

/// <summary>Weights, bias and requantization constants shared by the convolution-like emitters.</summary>
internal static class ConvConstants
{
    /// <summary>
    /// The per-channel multiplier/shift arrays, or nothing when every channel shares one (then the
    /// kernel uses literals). Returns the C expressions to use for channel <c>oc</c>.
    /// </summary>
    public static (string Definitions, string Multiplier, string Shift) Requantization(CKernelContext ctx, ChannelRequantization rq, string channel)
    {
        if (rq.IsUniform) return ("", CFormat.Int(rq.Multipliers[0]), CFormat.Int(rq.Shifts[0]));
        var m = ctx.Symbol("multiplier");
        var s = ctx.Symbol("shift");
        return (CFormat.Int32Array(m, rq.Multipliers) + CFormat.Array("int8_t", s, rq.Shifts, v => CFormat.Int(v)),
            $"{m}[{channel}]", $"{s}[{channel}]");
    }

    /// <summary>The bias array (int32 for int8 kernels, int64 for 16x8), or a zero literal when there is none.</summary>
    public static (string Definitions, string Expression) Bias(CKernelContext ctx, int biasInput, string channel)
    {
        if (!ctx.Op.HasInput(biasInput)) return ("", "0");
        var bias = ctx.InputTensor(biasInput);
        var name = ctx.Symbol("bias");
        return bias.Type == DataType.Int64
            ? (CFormat.Int64Array(name, bias.Int64Data.ToArray()), $"{name}[{channel}]")
            : (CFormat.Int32Array(name, bias.Int32Data.ToArray()), $"{name}[{channel}]");
    }

    public static string Weights(CKernelContext ctx, Tensor filter, string name) => CFormat.Int8Array(name, filter.Int8Data.ToArray());

    /// <summary>The accumulator type and the requantize call for a kernel's activation type.</summary>
    public static (string Acc, string Requantize) Accumulator(DataType activation) => activation == DataType.Int16
        ? ("int64_t", "eg_requantize64")
        : ("int32_t", "eg_requantize");
}
