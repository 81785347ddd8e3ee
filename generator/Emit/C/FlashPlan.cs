using System.Globalization;
using System.Runtime.CompilerServices;
using EdgeGen.Ir;
using EdgeGen.Targets;

namespace EdgeGen.Emit.C;

/// <summary>
/// The per-model trade of flash for instructions. Every operator first gets its cheapest variant by estimated
/// instructions; while the kernels' estimated flash (<see cref="FlashOf"/>) exceeds <see cref="FlashBudget.ForKernels"/>,
/// the operator whose switch to a smaller variant costs the fewest extra instructions per byte saved is switched
/// (an unrolled ternary layer to the packed lookup kernel, or to int8). So a large unrolled layer gives way where the
/// whole model would not fit, and keeps its speed where it does. The reason of each choice is kept for `inspect`.
/// </summary>
public sealed class FlashPlan
{
    private readonly KernelOption[] _chosen;
    private readonly string[] _reasons;

    public long? Budget { get; }
    public long TotalBytes => _chosen.Sum(o => o.FlashBytes);

    private FlashPlan(KernelOption[] chosen, string[] reasons, long? budget) => (_chosen, _reasons, Budget) = (chosen, reasons, budget);

    public KernelOption Chosen(int index) => _chosen[index];
    public string Reason(int index) => _reasons[index];

    /// <summary>
    /// The code-region flash a variant adds for an operator: its own estimate when it has one (<see cref="ICodeSizeEstimate"/>:
    /// unrolled and packed kernels, any variant whose code depends on the layer), else its constant inputs plus 512 bytes
    /// of code. On a target whose read-only data has a region of its own, constant data does not count
    /// (<see cref="IConstantDataEstimate"/>; a variant that does not split its estimate counts whole).
    /// </summary>
    public static long FlashOf(Graph graph, Operator op, TargetSpec target, ICKernelVariant variant)
    {
        var constants = op.Inputs.Where(i => i >= 0 && graph[i].IsConstant).Sum(i => (long)graph[i].ByteSize);
        var (total, data) = variant switch
        {
            ICodeSizeEstimate s => (s.CodeBytes(graph, op, target), variant is IConstantDataEstimate d ? d.ConstantBytes(graph, op, target) : 0),
            _ => (constants + 512, constants),
        };
        return string.IsNullOrEmpty(target.Memory?.RodataRegion) ? total : total - data;
    }

    private static readonly ConditionalWeakTable<Graph, Dictionary<string, FlashPlan>> Cache = new();

    public static FlashPlan For(Graph graph, TargetSpec target)
    {
        var byTarget = Cache.GetValue(graph, _ => new Dictionary<string, FlashPlan>());
        // Tests derive targets (a smaller flash) under the same name: the key holds what the plan depends on.
        var key = $"{target.Name}|{FlashBudget.ForKernels(target)}|{target.Memory?.RodataRegion}|{string.Join(",", target.Features)}";
        lock (byTarget)
        {
            if (!byTarget.TryGetValue(key, out var plan)) byTarget[key] = plan = Create(graph, target);
            return plan;
        }
    }

    private static FlashPlan Create(Graph graph, TargetSpec target)
    {
        var options = graph.Operators.Select((_, i) => KernelSelection.Options(graph, i, target)).ToArray();
        var chosen = options.Select(KernelSelection.Fastest).ToArray();
        var reasons = chosen.Select(_ => "fewest instructions").ToArray();
        var budget = FlashBudget.ForKernels(target);
        if (budget is not { } limit) return new FlashPlan(chosen, reasons, null);
        var total = chosen.Sum(o => o.FlashBytes);
        while (total > limit && Cheapest(options, chosen) is var (index, smaller))
        {
            var previous = chosen[index];
            chosen[index] = smaller;
            total -= previous.FlashBytes - smaller.FlashBytes;
            reasons[index] = $"{previous.Name} needs {Kb(previous.FlashBytes)} and the model's kernels would take more than the flash budget ({Kb(limit)})";
        }
        for (var i = 0; i < chosen.Length; i++)
            if (reasons[i] == "fewest instructions" && options[i].Count > 1)
                reasons[i] = $"fewest instructions, fits flash (kernels {Kb(total)} of {Kb(limit)})";
        return new FlashPlan(chosen, reasons, budget);
    }

    /// <summary>The switch to a smaller variant with the fewest extra instructions per byte saved, if any is left.</summary>
    private static (int Index, KernelOption Option)? Cheapest(IReadOnlyList<KernelOption>[] options, KernelOption[] chosen)
    {
        (int, KernelOption)? best = null;
        var bestRate = double.MaxValue;
        for (var i = 0; i < chosen.Length; i++)
            foreach (var o in options[i].Where(o => o.FlashBytes < chosen[i].FlashBytes))
            {
                var rate = (double)Math.Max(0, o.EstimatedInstructions - chosen[i].EstimatedInstructions) / (chosen[i].FlashBytes - o.FlashBytes);
                if (rate < bestRate) (best, bestRate) = ((i, o), rate);
            }
        return best;
    }

    public static string Kb(long bytes) => (bytes / 1024.0).ToString(bytes < 10 * 1024 ? "0.0" : "0", CultureInfo.InvariantCulture) + " KB";
}
