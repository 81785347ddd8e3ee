using System.Text;
using EdgeGen.Planning.Mixed;

namespace EdgeGen.Emit.C.Mixed;

/// <summary>
/// The invoke body of a mixed-precision model: per tile, the input crops, the outlier check on the
/// tile's input window, then the int8 calls (outlier patch) or the low-bit calls, then the
/// placement of the tile's split rows; the operators after the stage as usual.
/// </summary>
internal static class MixedCode
{
    public static string Calls(CModel model, MixedGraph mixed)
    {
        var graph = mixed.Graph;
        var patches = mixed.Patched;
        var sb = new StringBuilder();
        var i = 0;
        while (i < graph.Operators.Length)
        {
            var tile = patches.Tiles[i];
            var end = i;
            while (end < graph.Operators.Length && patches.Tiles[end] == tile) end++;
            var range = Enumerable.Range(i, end - i).ToList();
            if (tile < 0)
            {
                sb.Append($"    /* operators #{patches.Plan.SplitOp + 1}.. on the whole output of #{patches.Plan.SplitOp} */\n");
                Append(sb, model, range, "    ");
            }
            else Tile(sb, model, mixed, tile, range);
            i = end;
        }
        return sb.ToString().TrimEnd('\n');
    }

    private static void Tile(StringBuilder sb, CModel model, MixedGraph mixed, int tile, List<int> ops)
    {
        var plan = mixed.Patched.Plan;
        sb.Append($"    /* patch {tile + 1}/{plan.TileCount} ({plan}): {plan.Tiles().ElementAt(tile)} of the output of #{plan.SplitOp}; int8 when its input window has an outlier, else low-bit */\n");
        var always = ops.Where(k => mixed.Paths[k] == MixedPath.Always).ToList();
        var before = always.TakeWhile(k => k < ops.FirstOrDefault(j => mixed.Paths[j] != MixedPath.Always, int.MaxValue)).ToList();
        Append(sb, model, before, "    ");
        sb.Append($"    if ({Check(model, mixed, tile, ops[0])}) {{\n");
        Append(sb, model, ops.Where(k => mixed.Paths[k] == MixedPath.EightBit).ToList(), "        ");
        sb.Append("    } else {\n");
        Append(sb, model, ops.Where(k => mixed.Paths[k] == MixedPath.LowBit).ToList(), "        ");
        sb.Append("    }\n");
        Append(sb, model, always.Except(before).ToList(), "    ");
    }

    /// <summary>The C condition of the outlier rule: any checked window exceeds the threshold.</summary>
    private static string Check(CModel model, MixedGraph mixed, int tile, int anyOp)
    {
        var checks = mixed.Checked[tile].Select(w =>
        {
            var t = mixed.Graph[w.Tensor];
            var pointer = new CKernelContext(mixed.Graph, mixed.Graph.Operators[anyOp], anyOp, model.Target, model.Plan).Pointer(w.Tensor);
            var rowStride = t.Shape[2] * t.Shape[3];
            var start = (w.Top * t.Shape[2] + w.Left) * t.Shape[3];
            return $"eg_window_exceeds({pointer} + {start}, {w.Rows}, {w.Cols * t.Shape[3]}, {rowStride}, {t.Quant.ZeroPoint}, {mixed.Plan.Threshold})";
        }).ToList();
        return checks.Count == 0 ? "0" : string.Join(" || ", checks);
    }

    private static void Append(StringBuilder sb, CModel model, List<int> ops, string indent)
    {
        foreach (var k in ops)
            if (model.Kernels[k].Call.Length > 0) sb.Append(indent).Append(model.Kernels[k].Call).Append('\n');
    }
}
