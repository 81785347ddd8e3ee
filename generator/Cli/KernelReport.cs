using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using EdgeGen.Emit.C;
using EdgeGen.Ir;
using EdgeGen.Targets;

namespace EdgeGen.Cli;

/// <summary>
/// `inspect MODEL --target T`: the kernel variant the cost model picks for every operator on the target, its
/// estimated instructions and scratch, flash bytes where the variant reports them, and the alternatives it was
/// compared with (the same decision the C generator makes, made once at generation time).
/// </summary>
internal static class KernelReport
{
    public static IReadOnlyList<KernelChoice> Choices(Graph graph, TargetSpec target)
    {
        CKernelRegistry.CheckSupported(graph);
        return Enumerable.Range(0, graph.Operators.Length).Select(i => KernelSelection.Choose(graph, i, target)).ToList();
    }

    public static string ToText(Graph graph, TargetSpec target)
    {
        var c = CultureInfo.InvariantCulture;
        var sb = new StringBuilder();
        sb.AppendLine($"kernels on {target.Name} (cheapest estimated instructions wins; flash = code and packed constants where the variant depends on it)");
        sb.AppendLine(string.Format(c, "{0,4}  {1,-18} {2,-24} {3,12} {4,9} {5,10}  {6}", "#", "operator", "variant", "est. insns", "scratch", "flash", "alternatives (est. insns, flash)"));
        var choices = Choices(graph, target);
        for (var i = 0; i < choices.Count; i++)
        {
            var op = graph.Operators[i];
            var choice = choices[i];
            var others = choice.Options.Where(o => o != choice.Chosen).Select(o => $"{o.Name} {o.EstimatedInstructions.ToString("N0", c)}{Flash(graph, op, target, o, " ")}");
            sb.AppendLine(string.Format(c, "{0,4}  {1,-18} {2,-24} {3,12:N0} {4,9:N0} {5,10}  {6}", i, op.Kind, choice.Variant, choice.EstimatedInstructions,
                choice.ScratchBytes, Flash(graph, op, target, choice.Chosen, ""), string.Join("; ", others)));
        }
        return sb.ToString().TrimEnd();
    }

    public static JsonArray ToJson(Graph graph, TargetSpec target)
    {
        var array = new JsonArray();
        var choices = Choices(graph, target);
        for (var i = 0; i < choices.Count; i++)
        {
            var op = graph.Operators[i];
            array.Add(new JsonObject
            {
                ["index"] = i,
                ["operator"] = op.Kind,
                ["variant"] = choices[i].Variant,
                ["options"] = new JsonArray(choices[i].Options.Select(o => (JsonNode)new JsonObject
                {
                    ["variant"] = o.Name,
                    ["estimated_instructions"] = o.EstimatedInstructions,
                    ["scratch_bytes"] = o.ScratchBytes,
                    ["flash_bytes"] = o.Variant is ICodeSizeEstimate s ? s.CodeBytes(graph, op, target) : null,
                }).ToArray()),
            });
        }
        return array;
    }

    private static string Flash(Graph graph, Operator op, TargetSpec target, KernelOption option, string prefix) =>
        option.Variant is ICodeSizeEstimate s ? prefix + s.CodeBytes(graph, op, target).ToString("N0", CultureInfo.InvariantCulture) + " B" : "";
}
