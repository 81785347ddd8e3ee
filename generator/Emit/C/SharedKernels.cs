using System.Text.RegularExpressions;
using EdgeGen.Ir;
using EdgeGen.Planning;
using EdgeGen.Targets;

namespace EdgeGen.Emit.C;

/// <summary>
/// Emits operators that compute parts of one model operator (the patches of a patched graph) so
/// that they share its constants and, per distinct geometry, one function: each operator's kernel
/// is named after its source operator, and operators whose emitted code is identical call the
/// same function. Definitions appear once: a new geometry adds only what it does not share
/// (its function and the helpers named with <see cref="CKernelContext.GeometrySymbol"/>).
/// </summary>
internal static partial class SharedKernels
{
    public static IReadOnlyList<CKernel> Emit(Graph graph, TargetSpec target, MemoryPlan plan, IReadOnlyList<ICKernelVariant> emitters, IReadOnlyList<int> sources)
    {
        var variants = new Dictionary<(int, string), List<string>>();
        var emitted = new Dictionary<int, Dictionary<string, string>>();
        var kernels = new List<CKernel>();
        for (var i = 0; i < graph.Operators.Length; i++)
        {
            var source = sources[i];
            var context = new CKernelContext(graph, graph.Operators[i], i, target, plan) { NameIndex = source };
            var kernel = emitters[i].Emit(context);
            if (kernel.Definitions.Length == 0)
            {
                kernels.Add(kernel);
                continue;
            }
            var key = (source, graph.Operators[i].Kind);
            var seen = variants.TryGetValue(key, out var list) ? list : variants[key] = new List<string>();
            var variant = seen.IndexOf(kernel.Definitions);
            if (variant >= 0)
            {
                // Same code as an earlier patch: call its function, define nothing.
                if (variant > 0) kernel = emitters[i].Emit(context with { FunctionSuffix = $"_p{variant}" });
                kernels.Add(kernel with { Definitions = "" });
                continue;
            }
            variant = seen.Count;
            seen.Add(kernel.Definitions);
            var known = emitted.TryGetValue(source, out var k) ? k : emitted[source] = new Dictionary<string, string>();
            if (variant > 0)
            {
                context = context with { FunctionSuffix = $"_p{variant}" };
                kernel = emitters[i].Emit(context);
            }
            var own = OwnItems(kernel.Definitions, known);
            if (own is null)
            {
                // A constant that depends on the geometry: this patch gets a private copy of everything.
                kernel = emitters[i].Emit(context with { PrivateSuffix = $"_p{variant}" });
                own = Items(kernel.Definitions);
            }
            foreach (var (symbol, text) in own)
                known.TryAdd(symbol, text);
            kernels.Add(kernel with { Definitions = string.Concat(own.Select(o => o.Text)) });
        }
        return kernels;
    }

    /// <summary>
    /// The top-level definitions not emitted yet for this operator, or null when one reuses the
    /// name of an emitted definition with different text (it cannot be shared).
    /// </summary>
    private static List<(string Symbol, string Text)>? OwnItems(string definitions, Dictionary<string, string> known)
    {
        var own = new List<(string, string)>();
        foreach (var (symbol, text) in Items(definitions))
        {
            if (!known.TryGetValue(symbol, out var earlier)) own.Add((symbol, text));
            else if (earlier != text) return null;
        }
        return own;
    }

    /// <summary>
    /// Splits generated C into its top-level definitions, each named by the first symbol it declares.
    /// Generated code keeps top-level constructs at column 0: an item ends with a line that starts
    /// with '}' or a single-line declaration ending in ';'; comments and blank lines join the next item.
    /// </summary>
    internal static List<(string Symbol, string Text)> Items(string definitions)
    {
        var items = new List<(string, string)>();
        var current = new System.Text.StringBuilder();
        var lines = definitions.Split('\n');
        for (var l = 0; l < lines.Length; l++)
        {
            var line = lines[l];
            current.Append(line);
            if (l < lines.Length - 1) current.Append('\n');
            var ends = line.StartsWith('}') || (line.Length > 0 && !char.IsWhiteSpace(line[0]) && !line.StartsWith("/*") && !line.StartsWith(" *") && line.TrimEnd().EndsWith(';'));
            if (!ends) continue;
            Add(items, current.ToString());
            current.Clear();
        }
        if (current.Length > 0)
        {
            if (items.Count > 0 && current.ToString().Trim().Length == 0)
                items[^1] = (items[^1].Item1, items[^1].Item2 + current);
            else
                Add(items, current.ToString());
        }
        return items;
    }

    private static void Add(List<(string, string)> items, string text)
    {
        var declared = Declared().Match(text);
        items.Add((declared.Success ? declared.Groups[1].Value : text, text));
    }

    /// <summary>The first operator symbol declared (followed by an array bracket, a parameter list or an initializer).</summary>
    [GeneratedRegex(@"^[^\n/ ][^\n]*?\b(op\d+_\w+)\s*[\[\(=]", RegexOptions.Multiline)]
    private static partial Regex Declared();
}
