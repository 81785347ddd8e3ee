using EdgeGen.Ir;
using EdgeGen.Numerics;
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

/// <summary>
/// The constants of a fast (folded) kernel as C: a table with one row per output channel — the folded bias, and
/// when channels differ, multiplier, addend and right shift, plus the accumulator scale (2 &lt;&lt; left shift) and the
/// sign-fix mask where those differ too — and the C expression of one channel's int8 output.
/// </summary>
internal sealed record FoldedConstants(string Definitions, string Table, int Stride, FoldedRequantization Folded, bool ScaleVaries, bool FixVaries)
{
    public static FoldedConstants Create(CKernelContext ctx, FoldedRequantization folded)
    {
        var live = folded.Requantizers.Where(r => !r.IsConstant).DefaultIfEmpty(folded.Requantizers[0]).ToList();
        var scaleVaries = live.Any(r => r.LeftShift != live[0].LeftShift);
        var fixVaries = live.Any(r => r.SignFix != live[0].SignFix);
        var uniform = folded.IsUniform;
        var stride = uniform ? 1 : 4 + (scaleVaries ? 1 : 0) + (fixVaries ? 1 : 0);
        var values = new List<int>();
        for (var c = 0; c < folded.Channels; c++)
        {
            values.Add(folded.Bias[c]);
            if (uniform) continue;
            var r = folded.Requantizers[c];
            values.AddRange(new[] { r.Multiplier, r.Addend, r.RightShift });
            if (scaleVaries) values.Add(2 << (r.LeftShift - 1));
            if (fixVaries) values.Add(r.SignFix ? -1 : 0);
        }
        var table = ctx.Symbol("rq");
        return new FoldedConstants(CFormat.Int32Array(table, values), table, stride, folded, scaleVaries, fixVaries) { Values = values };
    }

    /// <summary>The table's values, <see cref="Stride"/> per channel: for kernels that interleave them with their weights.</summary>
    public IReadOnlyList<int> Values { get; init; } = [];

    /// <summary>The accumulator scale (2 &lt;&lt; left shift) of channel <paramref name="c"/>.</summary>
    public int Scale(int c) => 1 << (ScaleVaries ? Folded.Requantizers[c].LeftShift : Folded.Form.LeftShift);

    /// <summary>
    /// The int8 output of accumulator <paramref name="acc"/> for the channel whose table row starts at <paramref name="row"/>;
    /// <paramref name="preScaled"/>: the kernel folded <see cref="Scale"/> into its weights and bias already.
    /// </summary>
    public string Output(string acc, string row, bool preScaled = false)
    {
        var form = Folded.Form;
        var uniform = Stride == 1;
        var m = uniform ? CFormat.Int(form.Multiplier) : $"{row}[1]";
        var addend = uniform ? CFormat.Int(form.Addend) : $"{row}[2]";
        var right = uniform ? CFormat.Int(form.RightShift) : $"{row}[3]";
        var scale = preScaled ? "1" : ScaleVaries ? $"{row}[4]" : CFormat.Int(1 << form.LeftShift);
        var value = FixVaries
            ? $"eg_requantize_fast_masked({acc}, {scale}, {m}, {addend}, {right}, {row}[{(ScaleVaries ? 5 : 4)}])"
            : $"{(form.SignFix ? "eg_requantize_fast" : "eg_requantize_fast_nofix")}({acc}, {scale}, {m}, {addend}, {right})";
        return $"(int8_t)eg_clamp8({value}, {Folded.Range.Min}, {Folded.Range.Max})";
    }
}
