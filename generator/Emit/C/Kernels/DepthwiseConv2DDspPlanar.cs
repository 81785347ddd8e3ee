using EdgeGen.Ir;
using EdgeGen.Ir.Ops;
using EdgeGen.Numerics.Params;
using EdgeGen.Reference.Kernels;
using EdgeGen.Targets;

namespace EdgeGen.Emit.C.Kernels;

/// <summary>
/// DEPTHWISE_CONV_2D int8, depth multiplier 1, on cores with the DSP extension, channel by channel: the rows a
/// window spans are kept widened to int16 and channel-planar (<see cref="PlanarRowRing"/>), so a word holds two
/// adjacent columns of one channel and one SMLAD does two taps of a filter row. Blocks of four output pixels of a row
/// run together (<see cref="PlanarTaps"/>): with stride 1 they share input words, and a channel's weight words and
/// requantization constants are loaded once per block rather than per pixel. Any filter size, stride, dilation and
/// padding; the input offset is folded into the bias (the ring pads with the zero point).
/// </summary>
public sealed class DepthwiseConv2DDspPlanar : CKernelVariant<DepthwiseConv2D>
{
    public override string Name => "dsp_planar";

    /// <summary>Output pixels of a row computed together; even, so every block starts on a word boundary of the ring.</summary>
    private const int Block = 4;

    public override bool Applies(Graph graph, DepthwiseConv2D op, TargetSpec target) =>
        target.Has("dsp") && op.Multiplier(graph) == 1 && graph[op.Inputs[0]].Type == DataType.Int8
        && LayerFolding.Of(graph, op) is not null;

    public override int ScratchBytes(Graph graph, DepthwiseConv2D op, TargetSpec target) => PlanarRowRing.For(graph, op).Bytes;

    public override int? OutputLead(Graph graph, DepthwiseConv2D op, TargetSpec target) => PlanarRowRing.For(graph, op).OutputLead();

    /// <summary>
    /// Per channel and output row, per block: one instruction per multiply-accumulate, input word and weight word it
    /// loads, about 6 per output (accumulator start, requantization, store) and 2 of loop; per channel and row about 6
    /// more; plus the ring's fill (measured on the M4: kws_ref_model's 25x5x64 layers, run 169K; vww_96_int8's nine
    /// 3x3 layers, 5 per output left them 0-13 % low, 6 brings them to -2..+10 %).
    /// </summary>
    public override long EstimatedInstructions(Graph graph, DepthwiseConv2D op, TargetSpec target)
    {
        var ring = PlanarRowRing.For(graph, op);
        var g = ring.Geo;
        long BlockCost(int n)
        {
            if (n == 0) return 0;
            var taps = new PlanarTaps(n, g.StrideW, g.FilterW, g.DilationW);
            return g.FilterH * (taps.Macs().Count + taps.Words().Count + taps.UsedWeights().Count) + 6L * n + 2;
        }
        var perRow = g.OutW / Block * BlockCost(Block) + BlockCost(g.OutW % Block) + 6;
        return (long)g.Batches * g.OutH * ring.Channels * perRow + ring.FillInstructions();
    }

    /// <summary>
    /// Per channel: its weight words (filter row by row), then its requantization row. When every weight times its
    /// channel's accumulator scale still fits 16 bits, the scale is folded into weights and bias (exact: the scaled
    /// accumulator is proven to fit 31 bits, and the wrap-around sums in between are exact modulo 2^32), which saves the
    /// multiply before each requantization.
    /// </summary>
    private static (int[] Table, bool PreScaled) ChannelTable(FoldedConstants k, sbyte[] filter, ConvLoop g, int c)
    {
        var taps = new PlanarTaps(Block, g.StrideW, g.FilterW, g.DilationW);
        var preScaled = Enumerable.Range(0, c).All(ch => Enumerable.Range(0, g.FilterH * g.FilterW)
            .All(t => Math.Abs(filter[t * c + ch] * k.Scale(ch)) <= short.MaxValue));
        var table = new List<int>();
        for (var ch = 0; ch < c; ch++)
        {
            var scale = preScaled ? k.Scale(ch) : 1;
            for (var ky = 0; ky < g.FilterH; ky++)
                table.AddRange(taps.WeightWords(kx => filter[(ky * g.FilterW + kx) * c + ch], scale));
            var row = k.Values.Skip(ch * k.Stride).Take(k.Stride).ToList();
            row[0] = unchecked((int)((long)row[0] * scale));
            table.AddRange(row);
        }
        return (table.ToArray(), preScaled);
    }

    protected override CKernel Emit(CKernelContext ctx, DepthwiseConv2D op)
    {
        var ring = PlanarRowRing.For(ctx.Graph, op);
        var g = ring.Geo;
        var c = ring.Channels;
        var rowReads = (long)g.Batches * g.OutH * c * ((g.OutW + Block - 1) / Block);
        var k = FoldedConstants.Create(ctx, LayerFolding.Of(ctx.Graph, op)!, rowReads, EstimatedInstructions(ctx.Graph, op, ctx.Target));
        var (values, preScaled) = ChannelTable(k, ctx.InputTensor(1).Int8Data.ToArray(), g, c);
        var perRow = new PlanarTaps(Block, g.StrideW, g.FilterW, g.DilationW).WeightsPerRow;
        var weightWords = g.FilterH * perRow;
        var table = ctx.Symbol("channels");
        var init = ctx.GeometrySymbol("ring_init");
        var fill = ctx.GeometrySymbol("ring_row");
        var rotations = Enumerable.Range(0, g.OutH).Select(oy => oy * g.StrideH % ring.Rows).Distinct().Order().ToList();
        var full = g.OutW / Block;
        var rest = g.OutW % Block;

        // Filter row ky of a window whose first row sits in slot s: a constant offset from the first row's slot.
        int RowOffset(int s, int ky) => ((s + ky * g.DilationH) % ring.Rows - s) * ring.PaddedWidth;

        string BlockName(int n, int s) => ctx.GeometrySymbol($"block{n}_r{s}");

        string BlockFunction(int n, int s)
        {
            var taps = new PlanarTaps(n, g.StrideW, g.FilterW, g.DilationW);
            var lines = new List<string> { $"    int32_t {string.Join(", ", Enumerable.Range(0, n).Select(o => $"a{o} = t[{weightWords}]"))};" };
            for (var ky = 0; ky < g.FilterH; ky++)
            {
                lines.AddRange(taps.UsedWeights().Select(j => $"    const int32_t w{ky}_{j} = t[{ky * perRow + j}];"));
                lines.AddRange(taps.Words().Select(j => $"    const int32_t x{ky}_{j} = eg_load_pair(p + {RowOffset(s, ky) + 2 * j});"));
                lines.AddRange(taps.Macs().Select(m => $"    a{m.Output} = {m.Instruction}(x{ky}_{m.Word}, w{ky}_{m.Weight}, a{m.Output});"));
            }
            lines.AddRange(Enumerable.Range(0, n).Select(o => $"    o[{o * c}] = {k.Output($"a{o}", $"(t + {weightWords})", preScaled)};"));
            return $$"""
                /* {{n}} adjacent output pixels of one channel, the window's first row in ring slot {{s}}: p = the block's first
                 * window column in that row, t = the channel's table row. */
                EG_INLINE void {{BlockName(n, s)}}(const int16_t *p, const int32_t *t, int8_t *o)
                {
                {{string.Join("\n", lines)}}
                }

                """;
        }

        // One output row whose window starts in slot s, channel by channel. A copy per slot keeps every tap at a
        // constant offset from one pointer (the block needs its registers), without storing each ring row twice.
        string RowFunction(int s)
        {
            var fullLoop = full == 0 ? "" :
                $"for (ox = 0; ox < {full * Block}; ox += {Block}, o += {Block * c}) {BlockName(Block, s)}(p + ox * {g.StrideW}, t, o);";
            var restCall = rest == 0 ? "" : $"{BlockName(rest, s)}(p + {full * Block * g.StrideW}, t, o);";
            return $$"""
                {{(full > 0 ? BlockFunction(Block, s) : "")}}{{(rest > 0 ? BlockFunction(rest, s) : "")}}
                static void {{ctx.GeometrySymbol($"row_r{s}")}}(const int16_t *ring, int8_t *out)
                {
                    const int32_t *t = {{table}};
                    int ch{{(full > 0 ? ", ox" : "")}};
                    for (ch = 0; ch < {{c}}; ++ch, t += {{weightWords + k.Stride}}) {
                        const int16_t *p = ring + {{s * ring.PaddedWidth}} + ch * {{ring.ChannelElements}};
                        int8_t *o = out + ch;
                        {{fullLoop}}
                        {{restCall}}
                    }
                }

                """;
        }

        var dispatch = rotations.Count == 1
            ? $"{ctx.GeometrySymbol($"row_r{rotations[0]}")}(ring, out);"
            : $"switch (py % {ring.Rows}) {{ {string.Concat(rotations.Select(r => $"case {r}: {ctx.GeometrySymbol($"row_r{r}")}(ring, out); break; "))}default: break; }}";
        var code = $$"""
            {{CFormat.Int32Array(table, values)}}
            {{ring.Functions(init, fill)}}
            {{string.Concat(rotations.Select(RowFunction))}}
            EG_KERNEL void {{ctx.FunctionName}}(const int8_t *{{ctx.Restrict}}input, int8_t *{{ctx.Restrict}}output)
            {
                int16_t *ring = {{ctx.ScratchPointer("int16_t")}};
                int b, oy, loaded;
                {{init}}(ring);
                for (b = 0; b < {{g.Batches}}; ++b) {
                    const int8_t *in = input + b * {{g.InH * g.InW * c}};
                    for (loaded = 0, oy = 0; oy < {{g.OutH}}; ++oy) {
                        const int py = oy * {{g.StrideH}};
                        int8_t *out = output + (b * {{g.OutH}} + oy) * {{g.OutW * c}};
                        if (loaded < py) loaded = py;
                        for (; loaded < py + {{ring.Rows}}; ++loaded) {{fill}}(in, loaded, ring);
                        {{dispatch}}
                    }
                }
            }

            """;
        return new CKernel(code, $"{ctx.FunctionName}({ctx.Pointer(op.Inputs[0])}, {ctx.Pointer(op.Output)});", Name) { Headers = ["edgegen_dsp.h", "edgegen_dsp_halves.h"] };
    }
}
