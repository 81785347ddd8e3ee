using EdgeGen.Ir;
using EdgeGen.Numerics.Params;
using EdgeGen.Targets;

namespace EdgeGen.Emit.C.Kernels.Neon;

/// <summary>
/// The int8 matrix product behind the NEON CONV_2D and FULLY_CONNECTED kernels: output channel c
/// of row r is requantize(bias[c] + Σ_k (x[r][k] + input_offset) · w[c][k]). The weights are
/// packed at generation time for the target's kernel in runtime/c/edgegen_neon.h: sdot (8 rows x
/// 8 channels) where the core has the dot-product instructions, smull/smlal2/sadalp (4 rows x 4
/// channels) otherwise. The input offset is folded into the bias, so the kernels multiply raw
/// int8 values; padding must then hold the input zero point (its offset-adjusted value is 0).
/// </summary>
internal sealed class NeonGemm
{
    private readonly CKernelContext _ctx;
    private readonly sbyte[] _weights;
    private readonly ChannelRequantization _rq;
    private readonly int[]? _bias;

    /// <param name="weights">[channels][k] row-major, k in the order the rows hold the input values.</param>
    /// <param name="bias">the operator's bias per channel, or null.</param>
    public NeonGemm(CKernelContext ctx, sbyte[] weights, int channels, int k, int[]? bias, ChannelRequantization rq)
    {
        _ctx = ctx;
        _weights = weights;
        _rq = rq;
        Channels = channels;
        K = k;
        Dot = UsesDot(ctx.Target);
        _bias = bias;
    }

    /// <summary>The target has NEON (every AArch64 core): the int8 GEMM kernels apply.</summary>
    public static bool Available(TargetSpec target) => target.Has("neon");

    /// <summary>sdot kernels only where the core has the dot-product instructions (decided here, at generation time).</summary>
    public static bool UsesDot(TargetSpec target) => target.Has("dotprod");

    /// <summary>Rows per kernel call (pixels of a convolution tile).</summary>
    public static int TileRows(TargetSpec target) => UsesDot(target) ? 8 : 4;

    /// <summary>K as the kernels see it: a multiple of 4 (rows and weights are zero-padded).</summary>
    public static int PaddedK(int k) => (k + 3) / 4 * 4;

    public bool Dot { get; }
    public int Channels { get; }
    public int K { get; }
    public int KPadded => PaddedK(K);
    public int ChannelBlock => Dot ? 8 : 4;
    public string Kind => Dot ? "sdot" : "mull";

    /// <summary>Some weight is -128: the multiply-long kernel must not sum two products in int16.</summary>
    private bool Safe => !Dot && _weights.Contains(sbyte.MinValue);

    private string WeightsName => _ctx.Symbol("weights");
    private string RqName => NeonRequantization.Name(_ctx);

    /// <summary>The packed weights and the requantization constants (<see cref="NeonRequantization"/>).</summary>
    public string Definitions()
    {
        var sums = Enumerable.Range(0, Channels).Select(c => _weights.AsSpan(c * K, K).ToArray().Sum(w => (long)w)).ToArray();
        var padded = (Channels + ChannelBlock - 1) / ChannelBlock * ChannelBlock;
        return CFormat.Int8Array(WeightsName, Dot ? PackDot() : PackMull()) + NeonRequantization.Definitions(_ctx, _rq, _bias, sums, padded);
    }

    /// <summary>The C call computing <paramref name="n"/> rows (row r at rows[r], KPadded values each) into output rows <paramref name="stride"/> apart.</summary>
    public string GemmCall(string rows, string n, string output, string stride) => Dot
        ? $"eg_neon_gemm_sdot({rows}, {n}, {WeightsName}, {KPadded}, {Channels}, &{RqName}, {output}, {stride})"
        : $"eg_neon_gemm_mull({rows}, {n}, {WeightsName}, {KPadded}, {Channels}, &{RqName}, {output}, {stride}, {(Safe ? 1 : 0)})";

    /// <summary>The C call computing one row (KPadded values at <paramref name="x"/>).</summary>
    public string GemvCall(string x, string output) => Dot
        ? $"eg_neon_gemv_sdot({x}, {WeightsName}, {KPadded}, {Channels}, &{RqName}, {output})"
        : $"eg_neon_gemv_mull({x}, {WeightsName}, {KPadded}, {Channels}, &{RqName}, {output}, {(Safe ? 1 : 0)})";

    private sbyte W(int c, int k) => c < Channels && k < K ? _weights[c * K + k] : (sbyte)0;

    /// <summary>sdot layout: blocks of 8 channels; per group of 4 k, [8 channels][4 k].</summary>
    private sbyte[] PackDot()
    {
        var packed = new List<sbyte>();
        for (var block = 0; block < Channels; block += 8)
            for (var g = 0; g < KPadded; g += 4)
                for (var c = block; c < block + 8; c++)
                    for (var j = 0; j < 4; j++)
                        packed.Add(W(c, g + j));
        return packed.ToArray();
    }

    /// <summary>Multiply-long layout: blocks of 4 channels; per 16 k [4 channels][16 k], then the tail in steps of 8.</summary>
    private sbyte[] PackMull()
    {
        var packed = new List<sbyte>();
        for (var block = 0; block < Channels; block += 4)
        {
            var i = 0;
            for (; i + 16 <= KPadded; i += 16) AddChunk(block, i, 16);
            for (; i < KPadded; i += 8) AddChunk(block, i, 8);
        }
        return packed.ToArray();

        void AddChunk(int block, int k0, int width)
        {
            for (var c = block; c < block + 4; c++)
                for (var j = 0; j < width; j++)
                    packed.Add(W(c, k0 + j));
        }
    }

    /// <summary>The operator's int32 bias (input 2), or null.</summary>
    public static int[]? Bias(CKernelContext ctx) => ctx.Op.HasInput(2) ? ctx.InputTensor(2).Int32Data.ToArray() : null;

    /// <summary>int8 in, int8 weights, int8 out (the 16x8 and float kernels stay portable).</summary>
    public static bool IsInt8(Graph graph, Operator op) =>
        graph[op.Inputs[0]].Type == DataType.Int8 && graph[op.Inputs[1]].Type == DataType.Int8 && graph[op.Output].Type == DataType.Int8;
}
