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
/// when channels differ, multiplier, the shift word (addend * 256 + right shift, <see cref="Packed"/>) or addend and
/// right shift, plus the accumulator scale (2 &lt;&lt; left shift) and the sign-fix mask where those differ too — and
/// the C expression of one channel's int8 output.
/// </summary>
internal sealed record FoldedConstants(string Definitions, string Table, int Stride, FoldedRequantization Folded, bool ScaleVaries, bool FixVaries)
{
    /// <summary>Addend and right shift share one word (3 words a row instead of 4); every addend fits 24 bits.</summary>
    public bool Packed { get; init; }

    /// <summary>
    /// The largest slowdown of a layer that packed rows may cost: unpacking the addend is one instruction more per
    /// read of a row where the kernel cannot keep it in a register, for 4 bytes less per channel (measured on the M4 in
    /// person_detect's convolutions and depthwise layers: 0 to 1 per read, about half on average).
    /// </summary>
    public const double MaxPackingSlowdown = 0.01;

    private const double InstructionsPerRowRead = 0.5;

    /// <summary>
    /// The constants of a kernel that reads a channel's row <paramref name="rowReads"/> times per inference in all and
    /// runs about <paramref name="estimatedInstructions"/>: rows are packed where that costs at most <see cref="MaxPackingSlowdown"/>.
    /// </summary>
    public static FoldedConstants Create(CKernelContext ctx, FoldedRequantization folded, long rowReads, long estimatedInstructions)
    {
        var live = folded.Requantizers.Where(r => !r.IsConstant).DefaultIfEmpty(folded.Requantizers[0]).ToList();
        var scaleVaries = live.Any(r => r.LeftShift != live[0].LeftShift);
        var fixVaries = live.Any(r => r.SignFix != live[0].SignFix);
        var uniform = folded.IsUniform;
        var packed = !uniform && InstructionsPerRowRead * rowReads <= MaxPackingSlowdown * estimatedInstructions && folded.Requantizers.All(ShiftWord.Fits);
        var stride = uniform ? 1 : (packed ? 3 : 4) + (scaleVaries ? 1 : 0) + (fixVaries ? 1 : 0);
        var values = new List<int>();
        for (var c = 0; c < folded.Channels; c++)
        {
            values.Add(folded.Bias[c]);
            if (uniform) continue;
            var r = folded.Requantizers[c];
            values.Add(r.Multiplier);
            if (packed) values.Add(ShiftWord.Of(r));
            else values.AddRange(new[] { r.Addend, r.RightShift });
            if (scaleVaries) values.Add(2 << (r.LeftShift - 1));
            if (fixVaries) values.Add(r.SignFix ? -1 : 0);
        }
        var table = ctx.Symbol("rq");
        return new FoldedConstants(CFormat.Int32Array(table, values), table, stride, folded, scaleVaries, fixVaries) { Values = values, Packed = packed };
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
        var value = Packed ? PackedValue(acc, row, preScaled) : Value(acc, row, preScaled);
        return $"(int8_t)eg_clamp8({value}, {Folded.Range.Min}, {Folded.Range.Max})";
    }

    private string ScaleExpression(string row, int column, bool preScaled) =>
        preScaled ? "1" : ScaleVaries ? $"{row}[{column}]" : CFormat.Int(1 << Folded.Form.LeftShift);

    private string Value(string acc, string row, bool preScaled)
    {
        var form = Folded.Form;
        var uniform = Stride == 1;
        var m = uniform ? CFormat.Int(form.Multiplier) : $"{row}[1]";
        var addend = uniform ? CFormat.Int(form.Addend) : $"{row}[2]";
        var right = uniform ? CFormat.Int(form.RightShift) : $"{row}[3]";
        var scale = ScaleExpression(row, 4, preScaled);
        return FixVaries
            ? $"eg_requantize_fast_masked({acc}, {scale}, {m}, {addend}, {right}, {row}[{(ScaleVaries ? 5 : 4)}])"
            : $"{(form.SignFix ? "eg_requantize_fast" : "eg_requantize_fast_nofix")}({acc}, {scale}, {m}, {addend}, {right})";
    }

    private string PackedValue(string acc, string row, bool preScaled)
    {
        var scale = ScaleExpression(row, 3, preScaled);
        return FixVaries
            ? $"eg_requantize_packed_masked({acc}, {scale}, {row}[1], {row}[2], {row}[{(ScaleVaries ? 4 : 3)}])"
            : $"{(Folded.Form.SignFix ? "eg_requantize_packed" : "eg_requantize_packed_nofix")}({acc}, {scale}, {row}[1], {row}[2])";
    }
}

/// <summary>
/// A requantizer's addend and right shift in one word, addend * 256 + right: the right shift is the word's low byte
/// (what Arm's register shifts read), the addend its arithmetic shift right by 8 (eg_requantize_packed in
/// runtime/c/edgegen_fixedpoint.h).
/// </summary>
internal static class ShiftWord
{
    public static bool Fits(FastRequantizer r) => r.RightShift is >= 0 and < 32 && r.Addend is >= -(1 << 23) and < 1 << 23;

    public static int Of(FastRequantizer r) => r.Addend * 256 + r.RightShift;
}
