using System.Text;
using System.Text.RegularExpressions;
using EdgeGen.Ir;
using EdgeGen.Targets;

namespace EdgeGen.Emit.C;

/// <summary>
/// One copy of the code of layers whose kernels differ only in their constant tables (a network's repeated blocks:
/// same operator, geometry and variant, other weights). Whatever the variant, its code reads its tables by name; a
/// shared copy reads them through file-scope pointers instead, set before each call to the calling layer's tables.
/// The cost is one store per table and call and one pointer load where the code takes a table's address (the
/// kernels copy it into a local once per call of a helper); the gain is the whole code of every repeat.
/// </summary>
internal static partial class LayerSharing
{
    /// <summary>The largest slowdown of a layer that sharing its code may cost (the variant's estimate against its own cost).</summary>
    public const double MaxSlowdown = 0.01;

    public static IReadOnlyList<CKernel> Share(Graph graph, TargetSpec target, IReadOnlyList<KernelChoice> choices, IReadOnlyList<CKernel> kernels)
    {
        var result = kernels.ToList();
        var firstByKey = new Dictionary<string, int>();
        var parts = new Dictionary<int, Parts>();
        for (var i = 0; i < kernels.Count; i++)
        {
            var extra = choices[i].Chosen.Variant.SharedCodeExtraInstructions(graph, graph.Operators[i], target);
            if (extra is null || extra > MaxSlowdown * choices[i].EstimatedInstructions) continue;
            var split = Parts.Of(kernels[i], i);
            if (split is null) continue;
            parts[i] = split;
            if (!firstByKey.TryGetValue(split.Key, out var first))
            {
                firstByKey[split.Key] = i;
                continue;
            }
            if (result[first] == kernels[first]) result[first] = parts[first].Owner(kernels[first]);
            result[i] = parts[first].Caller(kernels[i], split);
        }
        return result;
    }

    /// <summary>A kernel's constant tables and its code, and the key under which identical code meets.</summary>
    private sealed record Parts(int Index, IReadOnlyList<Table> Tables, string Code, string Key)
    {
        private string Prefix => $"op{Index}_";

        public static Parts? Of(CKernel kernel, int index)
        {
            if (kernel.Definitions.Length == 0) return null;
            var prefix = $"op{index}_";
            var tables = new List<Table>();
            var code = new StringBuilder();
            foreach (var (symbol, text) in SharedKernels.Items(kernel.Definitions))
            {
                var declaration = ArrayDeclaration().Match(text);
                if (declaration.Success && declaration.Groups["name"].Value == symbol)
                    tables.Add(new Table(symbol, declaration.Groups["type"].Value.Replace("EG_ALIGNED", "").Trim(), text, declaration.Value));
                else
                    code.Append(text);
            }
            // The call may name the kernel's functions, never its tables (they are what differs between the layers).
            var names = Symbol().Matches(kernel.Call).Select(m => m.Value);
            if (tables.Count == 0 || names.Any(n => !n.StartsWith(prefix, StringComparison.Ordinal) || tables.Any(t => t.Symbol == n))) return null;
            var key = code.ToString().Replace(prefix, "opK_") + "\n" + string.Join("\n", tables.Select(t => t.Declaration.Replace(prefix, "opK_")));
            return new Parts(index, tables, code.ToString(), key);
        }

        private string Pointer(Table t) => "eg_shared_" + t.Symbol;

        /// <summary>The first layer: its tables, the pointers, its code reading through them; its call sets the pointers to its own tables.</summary>
        public CKernel Owner(CKernel kernel)
        {
            var code = Code;
            foreach (var t in Tables) code = Regex.Replace(code, $@"\b{t.Symbol}\b", Pointer(t));
            var definitions = string.Concat(Tables.Select(t => t.Text))
                + "/* Tables of the layer being run: every layer with this code points them at its own. */\n"
                + string.Concat(Tables.Select(t => $"static const {t.Type} *{Pointer(t)};\n"))
                + code;
            return kernel with { Definitions = definitions, Call = Bind(this) + kernel.Call };
        }

        /// <summary>A repeat: its tables only; its call points the first layer's pointers at them and calls the first layer's code.</summary>
        public CKernel Caller(CKernel kernel, Parts repeat) => kernel with
        {
            Definitions = string.Concat(repeat.Tables.Select(t => t.Text)),
            Call = Bind(repeat) + kernel.Call.Replace(repeat.Prefix, Prefix),
        };

        private string Bind(Parts layer) => string.Concat(Tables.Zip(layer.Tables, (mine, theirs) => $"{Pointer(mine)} = {theirs.Symbol}; "));
    }

    private sealed record Table(string Symbol, string Type, string Text, string Declaration);

    [GeneratedRegex(@"^static const (?<type>[^=\n]*?)\b(?<name>op\d+_\w+)\[\d+\]", RegexOptions.Multiline)]
    private static partial Regex ArrayDeclaration();

    [GeneratedRegex(@"\bop\d+_\w+")]
    private static partial Regex Symbol();
}
