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
        var budget = FlashBudget.ForKernels(target);
        sb.AppendLine($"kernels on {target.Name} (cheapest estimated instructions wins while the model's kernels fit the flash budget{(budget is { } b ? $" of {FlashPlan.Kb(b)}" : ", none here")}; flash = estimated code and constants)");
        sb.AppendLine(string.Format(c, "{0,4}  {1,-18} {2,-24} {3,12} {4,9} {5,10}  {6}", "#", "operator", "variant", "est. insns", "scratch", "flash", "alternatives (est. insns, flash)"));
        var choices = Choices(graph, target);
        for (var i = 0; i < choices.Count; i++)
        {
            var op = graph.Operators[i];
            var choice = choices[i];
            var others = choice.Options.Where(o => o != choice.Chosen).Select(o => $"{o.Name} {o.EstimatedInstructions.ToString("N0", c)} {Flash(o)}");
            sb.AppendLine(string.Format(c, "{0,4}  {1,-18} {2,-24} {3,12:N0} {4,9:N0} {5,10}  {6}", i, op.Kind, choice.Variant, choice.EstimatedInstructions,
                choice.ScratchBytes, Flash(choice.Chosen), string.Join("; ", others)));
            if (choice.Options.Any(o => o.Name.StartsWith("ternary_", StringComparison.Ordinal)))
                sb.AppendLine(TernaryTradeOff(graph, op, choice));
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
                ["reason"] = choices[i].Reason,
                ["options"] = new JsonArray(choices[i].Options.Select(o => (JsonNode)new JsonObject
                {
                    ["variant"] = o.Name,
                    ["estimated_instructions"] = o.EstimatedInstructions,
                    ["scratch_bytes"] = o.ScratchBytes,
                    ["flash_bytes"] = o.FlashBytes,
                    ["flash_estimated_by_variant"] = o.Variant is ICodeSizeEstimate,
                    ["instructions_per_weight"] = PerWeight(graph, op, o),
                }).ToArray()),
            });
        }
        return array;
    }

    private static string Flash(KernelOption option) => option.FlashBytes.ToString("N0", CultureInfo.InvariantCulture) + " B";

    /// <summary>Estimated instructions per multiply-accumulate (per weight for a fully connected layer), or null without MACs.</summary>
    private static double? PerWeight(Graph graph, Operator op, KernelOption option) =>
        op.Macs(graph) is var macs and > 0 ? Math.Round((double)option.EstimatedInstructions / macs, 3) : null;

    /// <summary>A ternary layer's flash-for-speed trade: every option's flash and instructions per weight, and why the choice won.</summary>
    private static string TernaryTradeOff(Graph graph, Operator op, KernelChoice choice)
    {
        var c = CultureInfo.InvariantCulture;
        var options = choice.Options.OrderBy(o => o.EstimatedInstructions).Select(o =>
            $"{o.Name}: {FlashPlan.Kb(o.FlashBytes)}, {(PerWeight(graph, op, o) is { } w ? w.ToString("0.00", c) : "-")} instr/w");
        return $"      {string.Join("; ", options)}; chosen: {choice.Variant} ({choice.Reason})";
    }
}
