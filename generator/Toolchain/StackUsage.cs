using System.Globalization;
using System.Text.RegularExpressions;

namespace EdgeGen.Toolchain;

/// <summary>
/// Worst-case stack of a call tree from GCC's -fcallgraph-info=su output (.ci files, VCG format):
/// each function node carries its own frame size ("N bytes (static)"), edges name callees; the
/// result is the largest sum of frames on any path from the root. Calls to functions without a
/// node (library routines) add nothing, which is exact for the leaf memcpy/division helpers.
/// </summary>
public static partial class StackUsage
{
    public static int WorstCase(IEnumerable<string> callGraphFiles, string root)
    {
        var frames = new Dictionary<string, int>(StringComparer.Ordinal);
        var edges = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var file in callGraphFiles)
        {
            var text = File.ReadAllText(file);
            foreach (Match m in NodePattern().Matches(text))
                frames[m.Groups["title"].Value] = int.Parse(m.Groups["bytes"].Value, CultureInfo.InvariantCulture);
            foreach (Match m in EdgePattern().Matches(text))
            {
                if (!edges.TryGetValue(m.Groups["from"].Value, out var list)) edges[m.Groups["from"].Value] = list = new List<string>();
                list.Add(m.Groups["to"].Value);
            }
        }
        var rootKey = frames.Keys.FirstOrDefault(k => k == root || k.EndsWith(":" + root, StringComparison.Ordinal))
            ?? throw new EdgeGenException($"stack analysis: function '{root}' not found in the call graph");
        var memo = new Dictionary<string, int>(StringComparer.Ordinal);
        int Depth(string f, HashSet<string> path)
        {
            if (memo.TryGetValue(f, out var known)) return known;
            if (!path.Add(f)) throw new EdgeGenException($"stack analysis: recursion through '{f}'");
            var own = frames.GetValueOrDefault(f);
            var deepest = edges.TryGetValue(f, out var callees) ? callees.Where(frames.ContainsKey).Select(c => Depth(c, path)).DefaultIfEmpty(0).Max() : 0;
            path.Remove(f);
            return memo[f] = own + deepest;
        }
        return Depth(rootKey, new HashSet<string>(StringComparer.Ordinal));
    }

    [GeneratedRegex("node: \\{ title: \"(?<title>[^\"]+)\" label: \"[^\"]*?\\\\n(?<bytes>\\d+) bytes \\((?:static|dynamic|dynamic,bounded)\\)")]
    private static partial Regex NodePattern();

    [GeneratedRegex("edge: \\{ sourcename: \"(?<from>[^\"]+)\" targetname: \"(?<to>[^\"]+)\"")]
    private static partial Regex EdgePattern();
}
