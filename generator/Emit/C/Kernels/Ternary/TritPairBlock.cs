using System.Text;

namespace EdgeGen.Emit.C.Kernels.Ternary;

/// <summary>
/// One block of the SIMD ternary kernels: up to <see cref="MaxRows"/> trit rows whose two-lane accumulators stay in
/// registers while the pair words go by once. A step handles one word, or two words i and j together when enough
/// rows have the same trits at j as at i (or the negated ones): then v_i + v_j (or v_i - v_j) is formed once and
/// each such row adds it with one instruction instead of two (common subexpressions across rows).
/// The block proves its int16 lanes exact: it tracks each lane's largest possible magnitude and, before an
/// instruction could take it past 32767, adds the row's lanes into its int32 sum and restarts them at zero.
/// </summary>
internal sealed class TritPairBlock
{
    /// <summary>Rows per block: their accumulators, the word, its masked high half and the pointers fit 14 registers.</summary>
    public const int MaxRows = 6;
    private const int LaneLimit = 32767;

    private readonly TritRow[] _rows;
    private readonly int _words;
    private readonly List<(int I, int J)> _steps;

    public TritPairBlock(TritRow[] rows, int depth, bool share)
    {
        _rows = rows;
        _words = TritPairWords.Count(depth);
        _steps = share ? SharedSteps() : Enumerable.Range(0, _words).Select(i => (i, -1)).ToList();
    }

    public int Shared => _steps.Count(s => s.J >= 0);

    private (int Lo, int Hi) Code(int row, int word) => TritPairWords.Trits(_rows[row].Trits, word);

    /// <summary>
    /// Greedy pair extraction: every pair of words is scored by the instructions sharing saves (rows with equal trits
    /// at both words save one each, less one for forming the sum; the same for negated trits and the difference), and
    /// the best disjoint pairs are taken while they save something.
    /// </summary>
    private List<(int, int)> SharedSteps()
    {
        var codes = new int[_words][];
        for (var w = 0; w < _words; w++)
            codes[w] = Enumerable.Range(0, _rows.Length).Select(r => { var (lo, hi) = Code(r, w); return (lo + 1) * 3 + hi + 1; }).ToArray();
        var candidates = new List<(int Gain, int I, int J)>();
        for (var i = 0; i < _words; i++)
        for (var j = i + 1; j < _words; j++)
        {
            int same = 0, opposite = 0;
            for (var r = 0; r < _rows.Length; r++)
            {
                var a = codes[i][r];
                if (a == 4) continue; // (0, 0)
                var b = codes[j][r];
                if (b == a) same++;
                else if (b == 8 - a) opposite++;
            }
            var gain = Math.Max(same - 1, 0) + Math.Max(opposite - 1, 0);
            if (gain > 0) candidates.Add((gain, i, j));
        }
        var taken = new bool[_words];
        var pairs = new Dictionary<int, int>();
        foreach (var (_, i, j) in candidates.OrderByDescending(c => c.Gain).ThenBy(c => c.I).ThenBy(c => c.J))
        {
            if (taken[i] || taken[j]) continue;
            taken[i] = taken[j] = true;
            pairs[i] = j;
        }
        var steps = new List<(int, int)>();
        for (var w = 0; w < _words; w++)
        {
            if (pairs.TryGetValue(w, out var j)) steps.Add((w, j));
            else if (!taken[w]) steps.Add((w, -1));
        }
        return steps;
    }

    /// <summary>The block's function (sums of its rows into s[0..rows-1]) and its instruction count.</summary>
    public (string Code, long Instructions) Render(string name)
    {
        var sb = new StringBuilder();
        long n = 6 + _rows.Length; // call, pointer setup, zeroed accumulators
        var lo = new int[_rows.Length];
        var hi = new int[_rows.Length];
        var flushed = new bool[_rows.Length];
        sb.Append($"/* Sums of {_rows.Length} trit rows (channels {string.Join(", ", _rows.Select(r => r.Channel).Distinct())}), {Shared} shared word pairs. */\n");
        sb.Append($"EG_TERNARY_BLOCK void {name}(const uint32_t *restrict d, int32_t *restrict s)\n{{\n");
        sb.Append($"    uint32_t {string.Join(", ", _rows.Select((_, j) => $"a{j} = 0"))};\n");
        foreach (var (i, j) in _steps)
        {
            var ops = new List<(int Row, int Lo, int Hi, string Word)>();
            var words = new List<string> { "v" };
            var loads = new List<string> { $"v = d[{i}]" };
            if (j >= 0) loads.Add($"u = d[{j}]");
            bool usesSum = false, usesDiff = false;
            for (var r = 0; r < _rows.Length; r++)
            {
                var a = Code(r, i);
                if (j < 0) { if (a != (0, 0)) ops.Add((r, a.Lo, a.Hi, "v")); continue; }
                var b = Code(r, j);
                if (a != (0, 0) && b == a) { ops.Add((r, a.Lo, a.Hi, "p")); usesSum = true; }
                else if (a != (0, 0) && b == (-a.Lo, -a.Hi)) { ops.Add((r, a.Lo, a.Hi, "m")); usesDiff = true; }
                else
                {
                    if (a != (0, 0)) ops.Add((r, a.Lo, a.Hi, "v"));
                    if (b != (0, 0)) ops.Add((r, b.Lo, b.Hi, "u"));
                }
            }
            if (ops.Count == 0) continue;
            var body = new StringBuilder();
            n += loads.Count;
            if (usesSum) { body.Append(" const uint32_t p = eg_sadd16(v, u);"); n++; }
            if (usesDiff) { body.Append(" const uint32_t m = eg_ssub16(v, u);"); n++; }
            // The masked high half of each word some row needs (one AND, shared by the block's rows).
            n += ops.Where(o => TritPairWords.NeedsHighHalf(o.Lo, o.Hi)).Select(o => o.Word).Distinct().Count();
            foreach (var (r, tl, th, word) in ops)
            {
                var growth = word is "p" or "m" ? 256 : 128;
                var touchesLow = TritPairWords.TouchesLow(tl, th);
                if (hi[r] + growth > LaneLimit || (touchesLow && lo[r] + growth > LaneLimit))
                {
                    body.Append($" s[{r}] = eg_lane_sum(a{r}, {(flushed[r] ? $"s[{r}]" : "0")}); a{r} = 0;");
                    n += flushed[r] ? 4 : 3;
                    flushed[r] = true;
                    lo[r] = hi[r] = 0;
                }
                hi[r] += growth;
                if (touchesLow) lo[r] += growth;
                body.Append($" {TritPairWords.Macro(tl, th)}(a{r}, {word});");
                n++;
            }
            var declarations = string.Join(" ", loads.Select(l => $"const uint32_t {l};"));
            sb.Append($"    {{ {declarations}{body} }}\n");
        }
        for (var r = 0; r < _rows.Length; r++)
        {
            sb.Append($"    s[{r}] = eg_lane_sum(a{r}, {(flushed[r] ? $"s[{r}]" : "0")});\n");
            n += flushed[r] ? 3 : 2;
        }
        sb.Append("}\n\n");
        return (sb.ToString(), n);
    }
}
