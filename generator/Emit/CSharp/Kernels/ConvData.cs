using System.Text;
using EdgeGen.Ir;
using EdgeGen.Numerics;
using EdgeGen.Numerics.Params;

namespace EdgeGen.Emit.CSharp.Kernels;

/// <summary>
/// The static data of a convolution-like C# kernel (weights, bias, per-channel multipliers and
/// shifts) and the pointers the kernel body reads it through. Per-channel arrays are left out when
/// every channel shares one multiplier and shift (then the kernel uses literals).
/// </summary>
internal sealed class ConvData
{
    private readonly StringBuilder _definitions = new();
    private readonly List<string> _pinned = new();
    private readonly CSharpKernelContext _ctx;

    private readonly ChannelRequantization _rq;
    private readonly FoldedRequantization? _fast;

    /// <param name="weights">The weights as the kernel reads them (default: the filter's own layout).</param>
    /// <param name="fast">
    /// The layer's fast requantizers when the generator proved them exact (<see cref="FoldedRequantization"/>; only its
    /// requantizers are used: the kernels' accumulators, bias plus Σ (x + offset) w, have the same values as the folded ones).
    /// </param>
    public ConvData(CSharpKernelContext ctx, Tensor filter, DataType activation, ChannelRequantization rq, int biasInput, string channel, sbyte[]? weights = null, FoldedRequantization? fast = null)
    {
        _rq = rq;
        _fast = fast;
        _ctx = ctx;
        Add("sbyte", "Weights", "weights", CSharpFormat.Int8Data(ctx.Symbol("Weights"), weights ?? filter.Int8Data.ToArray()));
        Bias = "0";
        if (ctx.Op.HasInput(biasInput))
        {
            var bias = ctx.InputTensor(biasInput);
            if (bias.Type == DataType.Int64) Add("long", "Bias", "bias", CSharpFormat.Int64Data(ctx.Symbol("Bias"), bias.Int64Data.ToArray()));
            else Add("int", "Bias", "bias", CSharpFormat.Int32Data(ctx.Symbol("Bias"), bias.Int32Data.ToArray()));
            Bias = $"bias[{channel}]";
        }
        if (!rq.IsUniform && fast is null)
        {
            Add("int", "Multiplier", "multiplier", CSharpFormat.Int32Data(ctx.Symbol("Multiplier"), rq.Multipliers));
            Add("int", "Shift", "shift", CSharpFormat.Int32Data(ctx.Symbol("Shift"), rq.Shifts));
        }
        (Accumulator, Requantize) = activation == DataType.Int16
            ? ("long", "FixedPoint.Requantize64")
            : ("int", "FixedPoint.Requantize");
        if (fast is { IsUniform: false })
        {
            Add("int", "RqMultiplier", "rqMultiplier", CSharpFormat.Int32Data(ctx.Symbol("RqMultiplier"), fast.Requantizers.Select(r => r.Multiplier).ToArray()));
            Add("int", "RqAddend", "rqAddend", CSharpFormat.Int32Data(ctx.Symbol("RqAddend"), fast.Requantizers.Select(r => r.Addend).ToArray()));
            Add("int", "RqShifts", "rqShifts", CSharpFormat.Int32Data(ctx.Symbol("RqShifts"), fast.Requantizers.SelectMany(r => new[] { r.LeftShift, r.RightShift }).ToArray()));
            Add("int", "RqFix", "rqFix", CSharpFormat.Int32Data(ctx.Symbol("RqFix"), fast.Requantizers.Select(r => r.SignFix ? -1 : 0).ToArray()));
        }
    }

    /// <summary>
    /// The output value of accumulator <paramref name="acc"/> of output channel <paramref name="channel"/>: requantized, offset
    /// and clamped. With fast requantizers one rounding high multiply-accumulate and a shift (literals when every channel
    /// shares them, else read per channel); otherwise TFLite's double rounding.
    /// </summary>
    public string Requantized(string acc, string channel)
    {
        var range = $"{_rq.Range.Min}, {_rq.Range.Max}";
        if (_fast is null)
        {
            var multiplier = _rq.IsUniform ? CSharpFormat.Int(_rq.Multipliers[0]) : $"multiplier[{channel}]";
            var shift = _rq.IsUniform ? CSharpFormat.Int(_rq.Shifts[0]) : $"shift[{channel}]";
            return $"FixedPoint.Clamp({Requantize}({acc}, {multiplier}, {shift}) + {_rq.OutputOffset}, {range})";
        }
        if (_fast.IsUniform) return Requantized(acc, _fast.Requantizers[0], _rq.Range);
        return $"FixedPoint.Clamp(FixedPoint.RequantizeFastMasked({acc}, rqShifts[2 * ({channel})], rqMultiplier[{channel}], rqAddend[{channel}], rqShifts[2 * ({channel}) + 1], rqFix[{channel}]), {range})";
    }

    public string Definitions => _definitions.ToString();
    public string Bias { get; }
    public string Accumulator { get; }
    public string Requantize { get; }

    /// <summary>The output value of <paramref name="acc"/> through one fast requantizer, its constants as literals.</summary>
    public static string Requantized(string acc, FastRequantizer r, ActivationRange range) =>
        $"FixedPoint.Clamp(FixedPoint.{(r.SignFix ? "RequantizeFast" : "RequantizeFastNoFix")}({acc}, {r.LeftShift}, {r.Multiplier}, {r.Addend}, {r.RightShift}), {range.Min}, {range.Max})";

    /// <summary>The local holding the input offset as 8 int16 lanes, declared by <see cref="OffsetVector"/>.</summary>
    public const string OffsetLocal = "offset16";

    public static string OffsetVector(int offset) => $"Vector128<short> {OffsetLocal} = Vector128.Create((short){offset});";

    /// <summary>
    /// The C# expression of Σ (x[i] + offset) · w[i] for i &lt; n over int8 pointers, specialized
    /// for the literal length: 16-byte SIMD steps (unrolled up to 4, else a loop over whole blocks),
    /// one 8-byte step and the last n mod 8 terms written out, only where n needs them. SIMD steps
    /// read <see cref="OffsetLocal"/>.
    /// </summary>
    public static string DotInt8(string x, string w, int n, int offset)
    {
        var blocks = n / 16;
        var vectors = new List<string>();
        if (blocks > 4) vectors.Add($"Dot.Blocks16({x}, {w}, {blocks}, {OffsetLocal})");
        else vectors.AddRange(Enumerable.Range(0, blocks).Select(b => $"Dot.Step16({At(x, 16 * b)}, {At(w, 16 * b)}, {OffsetLocal})"));
        if (n % 16 >= 8) vectors.Add($"Dot.Step8({At(x, 16 * blocks)}, {At(w, 16 * blocks)}, {OffsetLocal})");
        var terms = new List<string>();
        if (vectors.Count > 0) terms.Add($"Vector128.Sum({string.Join(" + ", vectors)})");
        terms.AddRange(Enumerable.Range(n / 8 * 8, n % 8).Select(i => $"({x}[{i}] + {offset}) * {w}[{i}]"));
        return terms.Count == 0 ? "0" : string.Join(" + ", terms);
    }

    private static string At(string pointer, int offset) => offset == 0 ? pointer : $"{pointer} + {offset}";

    /// <summary>The kernel method, its body wrapped in the fixed statements that pin the data.</summary>
    public string Method(string parameters, string body) => CSharpMethod.Static(_ctx.MethodName, parameters, body, _pinned);

    private void Add(string type, string suffix, string local, string definition)
    {
        _definitions.Append(definition);
        _pinned.Add($"fixed ({type}* {local} = {_ctx.Symbol(suffix)})");
    }
}
