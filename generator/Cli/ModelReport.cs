using System.Collections.Immutable;
using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using EdgeGen.Ir;
using EdgeGen.Passes;
using EdgeGen.Planning;

namespace EdgeGen.Cli;

/// <summary>What `inspect` reports about a graph, as text or JSON.</summary>
internal sealed record ModelReport(Graph Graph, int PeakActivationBytes)
{
    /// <summary>The ternary analysis of every weighted layer (CONV_2D, DEPTHWISE_CONV_2D, FULLY_CONNECTED).</summary>
    public ImmutableArray<TernaryLayer> Ternary { get; init; } = ImmutableArray<TernaryLayer>.Empty;

    public static ModelReport Build(Graph graph) => new(graph, TensorLifetimes.SimplePeakBytes(graph)) { Ternary = TernaryDetection.Run(graph) };

    public string ToText()
    {
        var g = Graph;
        var sb = new StringBuilder();
        sb.AppendLine($"model {g.Name}: {g.Operators.Length} operators, {g.Tensors.Length} tensors");
        foreach (var t in g.InputTensors) sb.AppendLine($"  input  {Describe(t)}");
        foreach (var t in g.OutputTensors) sb.AppendLine($"  output {Describe(t)}");
        sb.AppendLine();
        sb.AppendLine(string.Format(CultureInfo.InvariantCulture, "{0,4}  {1,-18} {2,-16} {3,-16} {4,12}  {5}", "#", "operator", "input", "output", "MACs", "output quantization"));
        for (var i = 0; i < g.Operators.Length; i++)
        {
            var op = g.Operators[i];
            var input = op.Inputs.Where(id => id >= 0 && !g[id].IsConstant).Select(id => g[id].Shape.ToString()).FirstOrDefault() ?? "-";
            var output = g[op.Output];
            sb.AppendLine(string.Format(CultureInfo.InvariantCulture, "{0,4}  {1,-18} {2,-16} {3,-16} {4,12:N0}  {5} {6}",
                i, op.Kind, input, output.Shape, op.Macs(g), output.Type.DisplayName(), output.Quantization?.ToString() ?? "")
                + (TernaryOf(i) is { IsTernary: true } t ? $"  [{t.Describe()}]" : ""));
        }
        sb.AppendLine();
        sb.AppendLine(string.Format(CultureInfo.InvariantCulture, "total MACs            {0,14:N0}", g.TotalMacs));
        sb.AppendLine(string.Format(CultureInfo.InvariantCulture, "weight bytes          {0,14:N0}", g.WeightBytes));
        sb.AppendLine(string.Format(CultureInfo.InvariantCulture, "peak activation bytes {0,14:N0}  (lifetime plan, no in-place)", PeakActivationBytes));
        sb.AppendLine(string.Format(CultureInfo.InvariantCulture, "ternary layers        {0,14}  (of {1} CONV_2D, DEPTHWISE_CONV_2D, FULLY_CONNECTED)", Ternary.Count(t => t.IsTernary), Ternary.Length));
        sb.AppendLine();
        sb.AppendLine("tensors:");
        foreach (var t in g.Tensors) sb.AppendLine($"  {t.Id,4} {(t.IsConstant ? "const" : "     ")} {Describe(t)}");
        return sb.ToString().TrimEnd();
    }

    private static string Describe(Tensor t) =>
        $"'{t.Name}' {t.Type.DisplayName()} {t.Shape} {t.ByteSize} bytes{(t.Quantization is null ? "" : ", " + t.Quantization)}";

    public JsonObject ToJson()
    {
        var g = Graph;
        return new JsonObject
        {
            ["model"] = g.Name,
            ["inputs"] = new JsonArray(g.Inputs.Select(id => (JsonNode)TensorJson(g[id])).ToArray()),
            ["outputs"] = new JsonArray(g.Outputs.Select(id => (JsonNode)TensorJson(g[id])).ToArray()),
            ["operators"] = new JsonArray(g.Operators.Select((op, i) => (JsonNode)new JsonObject
            {
                ["index"] = i,
                ["op"] = op.Kind,
                ["inputs"] = new JsonArray(op.Inputs.Select(id => (JsonNode)id).ToArray()),
                ["outputs"] = new JsonArray(op.Outputs.Select(id => (JsonNode)id).ToArray()),
                ["output_shape"] = new JsonArray(g[op.Output].Shape.Dims.Select(d => (JsonNode)d).ToArray()),
                ["macs"] = op.Macs(g),
                ["ternary"] = TernaryOf(i) is { } t ? TernaryJson(t) : null,
            }).ToArray()),
            ["tensors"] = new JsonArray(g.Tensors.Select(t => (JsonNode)TensorJson(t)).ToArray()),
            ["total_macs"] = g.TotalMacs,
            ["weight_bytes"] = g.WeightBytes,
            ["peak_activation_bytes"] = PeakActivationBytes,
        };
    }

    private TernaryLayer? TernaryOf(int operatorIndex) => Ternary.FirstOrDefault(t => t.OperatorIndex == operatorIndex);

    private static JsonObject TernaryJson(TernaryLayer t) => new()
    {
        ["is_ternary"] = t.IsTernary,
        ["planes"] = t.Planes.Length,
        ["sparsity"] = Math.Round(t.Sparsity, 6),
        ["plane_sparsity"] = new JsonArray(t.Planes.Select(p => (JsonNode)Math.Round(p.Sparsity, 6)).ToArray()),
        ["q"] = new JsonArray(t.ChannelMultipliers.Select(m => m.Length == 1 ? (JsonNode)m[0] : new JsonArray(m.Select(v => (JsonNode)v).ToArray())).ToArray()),
        ["reason"] = t.Reason,
    };

    private static JsonObject TensorJson(Tensor t)
    {
        var o = new JsonObject
        {
            ["id"] = t.Id,
            ["name"] = t.Name,
            ["dtype"] = t.Type.DisplayName(),
            ["shape"] = new JsonArray(t.Shape.Dims.Select(d => (JsonNode)d).ToArray()),
            ["bytes"] = t.ByteSize,
            ["constant"] = t.IsConstant,
        };
        if (t.Quantization is { } q)
        {
            o["scales"] = new JsonArray(q.Scales.Select(s => (JsonNode)s).ToArray());
            o["zero_points"] = new JsonArray(q.ZeroPoints.Select(z => (JsonNode)z).ToArray());
            if (q.IsPerAxis) o["quantized_dimension"] = q.Axis;
        }
        return o;
    }
}
