using EdgeGen.Ir;
using EdgeGen.Targets;

namespace EdgeGen.Emit.C;

/// <summary>A variant that can emit an operator, with its estimated instructions, scratch bytes and flash bytes (<see cref="FlashPlan.FlashOf"/>).</summary>
public sealed record KernelOption(ICKernelVariant Variant, long EstimatedInstructions, int ScratchBytes, long FlashBytes)
{
    public string Name => Variant.Name;
}

/// <summary>The variant chosen for one operator, the alternatives it was compared with and why it won (for `inspect`).</summary>
public sealed record KernelChoice(KernelOption Chosen, IReadOnlyList<KernelOption> Options)
{
    public string Variant => Chosen.Name;
    public long EstimatedInstructions => Chosen.EstimatedInstructions;
    public int ScratchBytes => Chosen.ScratchBytes;
    public string Reason { get; init; } = "";
}

/// <summary>Variants to use instead of the cheapest, by operator kind (CONV_2D → dsp_2x2): how tests pin a variant.</summary>
public sealed record KernelOverrides(IReadOnlyDictionary<string, string> VariantByKind)
{
    public static readonly KernelOverrides None = new(new Dictionary<string, string>());
}

/// <summary>
/// The per-layer choice among kernel variants: every variant that applies to the operator on the target is
/// costed by its own estimate, and the cheapest wins (ties go to the first by name) unless the model's flash
/// plan (<see cref="FlashPlan"/>) gave the layer a smaller variant so that the whole model fits. Decided once,
/// at generation time; the choice and its cost are recorded in the model and shown by `inspect --target`.
/// </summary>
public static class KernelSelection
{
    public static KernelChoice Choose(Graph graph, int index, TargetSpec target, KernelOverrides? overrides = null)
    {
        var op = graph.Operators[index];
        var options = Options(graph, index, target);
        if (overrides is not null && overrides.VariantByKind.TryGetValue(op.Kind, out var forced))
        {
            var pinned = options.FirstOrDefault(o => o.Name == forced)
                ?? throw new EdgeGenException($"operator #{index} {op.Kind}: variant '{forced}' does not apply on {target.Name} (applicable: {string.Join(", ", options.Select(o => o.Name))})");
            return new KernelChoice(pinned, options) { Reason = "pinned" };
        }
        var plan = FlashPlan.For(graph, target);
        return new KernelChoice(plan.Chosen(index), options) { Reason = plan.Reason(index) };
    }

    /// <summary>Every variant that applies to operator <paramref name="index"/> on the target, with its estimates.</summary>
    public static IReadOnlyList<KernelOption> Options(Graph graph, int index, TargetSpec target)
    {
        var op = graph.Operators[index];
        var options = CKernelRegistry.For(op, index)
            .Where(v => v.Applies(graph, op, target))
            .Select(v => new KernelOption(v, v.EstimatedInstructions(graph, op, target), v.ScratchBytes(graph, op, target), FlashPlan.FlashOf(graph, op, target, v)))
            .ToList();
        if (options.Count == 0) throw new EdgeGenException($"operator #{index} {op.Kind}: no C kernel variant applies on {target.Name}");
        return options;
    }

    /// <summary>The option with the fewest estimated instructions (ties: the first).</summary>
    public static KernelOption Fastest(IReadOnlyList<KernelOption> options) =>
        options.Aggregate((a, b) => b.EstimatedInstructions < a.EstimatedInstructions ? b : a);
}
