using EdgeGen.Emit.C.Kernels.Neon;
using EdgeGen.Ir;
using EdgeGen.Numerics.Params;
using EdgeGen.Targets;

namespace EdgeGen.Emit.C.Kernels.Helium;

/// <summary>
/// The int8 matrix-vector product behind the Helium FULLY_CONNECTED and CONV_2D kernels: output channel c of a
/// row is requantize(bias[c] + Σ_k (x[k] + input_offset) · w[c][k]), computed by runtime/c/edgegen_mve.h's
/// eg_mve_gemv four channels per pass (each 16-input step loads the input once and meets four weight vectors
/// with VMLADAVA). The weights are packed at generation time in blocks of 4 channels, per 16 k [4 channels][16 k],
/// zero-padded to whole blocks, so the kernel's predicated tail load of the input meets zero weights. The input
/// offset is folded into the bias (so padding must hold the input zero point).
/// </summary>
/// <param name="Weights">[channels][k] row-major, k in the order the rows hold the input values.</param>
/// <param name="Bias">the operator's bias per channel, or null.</param>
internal sealed record HeliumMatrix(CKernelContext Ctx, sbyte[] Weights, int Channels, int K, int[]? Bias, ChannelRequantization Rq)
{
    public const int ChannelBlock = 4;
    public const int Lanes = 16;

    /// <summary>The target has integer MVE (Helium): the Helium kernels apply.</summary>
    public static bool Available(TargetSpec target) => target.Has("mve");

    /// <summary>int8 in, constant symmetric int8 weights, int8 out (the 16x8, float and asymmetric-weight cases stay portable).</summary>
    public static bool Supports(Graph graph, Operator op, TargetSpec target) =>
        Available(target) && NeonGemm.IsInt8(graph, op) && graph[op.Inputs[1]] is { IsConstant: true, Quant.ZeroPoint: 0 };

    /// <summary>
    /// Instructions of one row: per block of 4 channels, per 16-input step one input load, four weight loads, four
    /// VMLADAVA and the loop; then the four accumulators moved into a vector, requantized and stored (measured on
    /// QEMU mps3-an547 with gcc 12 -O2).
    /// </summary>
    public static long RowInstructions(int k, int channels) => (channels + ChannelBlock - 1) / ChannelBlock * (12L * ((k + Lanes - 1) / Lanes) + 30);

    private string WeightsName => Ctx.Symbol("weights");

    /// <summary>The packed weights and the requantization constants (eg_mve_rq_t named opN_rq).</summary>
    public string Definitions()
    {
        var sums = Enumerable.Range(0, Channels).Select(c => Weights.AsSpan(c * K, K).ToArray().Sum(w => (long)w)).ToArray();
        var padded = (Channels + ChannelBlock - 1) / ChannelBlock * ChannelBlock;
        return CFormat.Int8Array(WeightsName, Pack(Weights, Channels, K)) + NeonRequantization.Definitions(Ctx, Rq, Bias, sums, padded, "eg_mve_rq_t");
    }

    /// <summary>The C call computing one row (K values at <paramref name="x"/>) into <paramref name="output"/>.</summary>
    public string GemvCall(string x, string output) =>
        $"eg_mve_gemv({x}, {WeightsName}, {K}, {Channels}, &{NeonRequantization.Name(Ctx)}, {output})";

    /// <summary>Blocks of 4 channels; per 16 k: [4 channels][16 k]; zeros past the last channel and the last k.</summary>
    internal static sbyte[] Pack(sbyte[] weights, int channels, int k)
    {
        var steps = (k + Lanes - 1) / Lanes;
        var packed = new List<sbyte>();
        for (var block = 0; block < channels; block += ChannelBlock)
            for (var s = 0; s < steps; s++)
                for (var c = block; c < block + ChannelBlock; c++)
                    for (var j = 0; j < Lanes; j++)
                    {
                        var i = s * Lanes + j;
                        packed.Add(c < channels && i < k ? weights[c * k + i] : (sbyte)0);
                    }
        return packed.ToArray();
    }
}
