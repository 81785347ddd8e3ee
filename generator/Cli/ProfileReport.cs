using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using EdgeGen.Ir;
using EdgeGen.Pipeline;
using EdgeGen.Targets;

namespace EdgeGen.Cli;

/// <summary>
/// `run --profile`: instructions per operator from a profiling build (the harness reads the timer after every
/// operator), beside the whole-inference count of the ordinary build, which the per-operator sum must match
/// within the timer's resolution.
/// </summary>
internal static class ProfileReport
{
    public static string Text(Graph graph, TargetSpec target, FirmwareRun plain, FirmwareRun profiled)
    {
        var c = CultureInfo.InvariantCulture;
        var profile = profiled.Measurement.Profile ?? throw new EdgeGenException("the profiling run printed no per-operator counts");
        var layers = profile.LayerInstructions;
        var total = layers.Sum();
        var sb = new StringBuilder();
        sb.AppendLine(string.Format(c, "{0,4}  {1,-18} {2,-30} {3,-14} {4,12} {5,13} {6,9} {7,6}", "#", "operator", "shape", "variant", "MACs", "instructions", "insn/MAC", "share"));
        for (var i = 0; i < graph.Operators.Length; i++)
        {
            var op = graph.Operators[i];
            var macs = op.Macs(graph);
            var n = i < layers.Count ? layers[i] : 0;
            sb.AppendLine(string.Format(c, "{0,4}  {1,-18} {2,-30} {3,-14} {4,12:N0} {5,13:N0} {6,9} {7,5:F1}%",
                i, op.Kind, Shape(graph, op), profiled.Project.Model.Choices[i].Variant, macs, n,
                macs > 0 ? ((double)n / macs).ToString("F2", c) : "-", total > 0 ? 100.0 * n / total : 0));
        }
        var whole = plain.Measurement.Instructions;
        sb.AppendLine(string.Format(c, "sum of operators {0:N0} instructions ({1} per mark subtracted); whole inference {2} instructions (unprofiled build); difference {3} (timer resolution {4})",
            total, profile.MarkInstructions, whole?.ToString("N0", c) ?? "-", whole is { } w ? (total - w).ToString("N0", c) : "-",
            target.Qemu is { CountsWithPlugin: true } ? "exact: counting plugin" : target.Qemu?.InstructionsPerTick.ToString(c) ?? "-"));
        return sb.ToString().TrimEnd();
    }

    public static JsonArray Json(Graph graph, FirmwareRun profiled)
    {
        var layers = profiled.Measurement.Profile?.LayerInstructions ?? Array.Empty<long>();
        return new JsonArray(graph.Operators.Select((op, i) => (JsonNode)new JsonObject
        {
            ["index"] = i,
            ["op"] = op.Kind,
            ["shape"] = Shape(graph, op),
            ["variant"] = profiled.Project.Model.Choices[i].Variant,
            ["macs"] = op.Macs(graph),
            ["instructions"] = i < layers.Count ? layers[i] : null,
        }).ToArray());
    }

    private static string Shape(Graph graph, Operator op)
    {
        var input = op.Inputs.Where(id => id >= 0 && !graph[id].IsConstant).Select(id => graph[id].Shape.ToString()).FirstOrDefault() ?? "-";
        return $"{input}->{graph[op.Output].Shape}";
    }
}
