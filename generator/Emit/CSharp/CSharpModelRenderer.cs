using System.Globalization;
using System.Text;
using EdgeGen.Emit.Templates;
using EdgeGen.Ir;

namespace EdgeGen.Emit.CSharp;

/// <summary>Renders Model.cs and Program.cs of a planned model through the templates in templates/csharp.</summary>
public static class CSharpModelRenderer
{
    public static string Model(CSharpModel model)
    {
        var g = model.Graph;
        var kernels = new StringBuilder();
        var calls = new StringBuilder();
        for (var i = 0; i < g.Operators.Length; i++)
        {
            var op = g.Operators[i];
            var k = model.Kernels[i];
            var input = op.Inputs.Where(id => id >= 0 && !g[id].IsConstant).Select(id => g[id].Shape.ToString()).FirstOrDefault() ?? "";
            kernels.Append($"    // #{i} {op.Kind} {input} -> {g[op.Output].Shape} ({k.Variant})\n");
            kernels.Append(k.Definitions);
            if (k.Definitions.Length > 0 && !k.Definitions.EndsWith("\n\n", StringComparison.Ordinal)) kernels.Append('\n');
            calls.Append("            ").Append(k.Call).Append('\n');
        }
        var data = Common(model);
        data["kernels"] = kernels.ToString().TrimEnd();
        data["calls"] = calls.ToString().TrimEnd('\n');
        data["tensors"] = Tensors(g).ToList();
        data["parameters"] = Signature(g);
        return TemplateEngine.Render("csharp/Model.cs.hbs", data);
    }

    public static string Program(CSharpModel model, string assembly)
    {
        var g = model.Graph;
        var data = Common(model);
        data["assembly"] = assembly;
        data["usage"] = Usage(g);
        data["input_bytes"] = string.Join(", ", g.InputTensors.Select(t => t.ByteSize));
        data["output_bytes"] = string.Join(", ", g.OutputTensors.Select(t => t.ByteSize));
        data["file_count"] = g.Inputs.Length + g.Outputs.Length;
        data["run_args"] = string.Join(", ",
            g.InputTensors.Select((t, i) => Cast(t, $"inputs[{i}]")).Concat(g.OutputTensors.Select((t, i) => Cast(t, $"outputs[{i}]"))));
        return TemplateEngine.Render("csharp/Program.cs.hbs", data);
    }

    /// <summary>The parameter list of Invoke: read-only spans for inputs, spans for outputs, typed like the tensors.</summary>
    public static string Signature(Graph g) => string.Join(", ",
        g.InputTensors.Select((t, i) => $"ReadOnlySpan<{CSharpFormat.TypeOf(t.Type)}> {SpanName(g, "input", i)}")
            .Concat(g.OutputTensors.Select((t, i) => $"Span<{CSharpFormat.TypeOf(t.Type)}> {SpanName(g, "output", i)}")));

    public static string Usage(Graph g) =>
        string.Concat(g.Inputs.Select((_, i) => $" input{i}.bin")) + string.Concat(g.Outputs.Select((_, i) => $" output{i}.bin"));

    public static Dictionary<string, object> Common(CSharpModel model) => new()
    {
        ["name"] = model.Name,
        ["namespace"] = model.Namespace,
        ["target"] = model.Target.Name,
        ["operators"] = model.Graph.Operators.Length,
        ["macs"] = model.Graph.TotalMacs.ToString("N0", CultureInfo.InvariantCulture),
        ["weight_bytes"] = model.Graph.WeightBytes.ToString("N0", CultureInfo.InvariantCulture),
        ["arena_bytes"] = Math.Max(model.Plan.ArenaBytes, 1),
        ["arena_text"] = model.Plan.ArenaBytes.ToString("N0", CultureInfo.InvariantCulture),
    };

    private static string Cast(Tensor t, string array) => t.Type == DataType.UInt8
        ? $"{array}.AsSpan()"
        : $"MemoryMarshal.Cast<byte, {CSharpFormat.TypeOf(t.Type)}>({array}.AsSpan())";

    private static string SpanName(Graph g, string role, int index) =>
        (role == "input" ? g.Inputs.Length : g.Outputs.Length) == 1 ? role : $"{role}{index}";

    private static IEnumerable<Dictionary<string, object>> Tensors(Graph g)
    {
        Dictionary<string, object> Data(Tensor t, int index, string role) => new()
        {
            ["index"] = index,
            ["role"] = role == "input" ? "Input" : "Output",
            ["role_lower"] = role,
            ["type"] = CSharpFormat.TypeOf(t.Type),
            ["elements"] = t.Shape.ElementCount,
            ["shape"] = string.Join(", ", t.Shape.Dims),
            ["has_quant"] = t.Quantization is not null,
            ["scale"] = t.Quantization is null ? "" : CSharpFormat.Float(t.Quant.Scale),
            ["zero_point"] = t.Quantization is null ? 0 : t.Quant.ZeroPoint,
            ["name"] = t.Name,
            ["span"] = SpanName(g, role, index),
            ["pointer"] = $"{(role == "input" ? "in" : "out")}{index}",
        };
        return g.InputTensors.Select((t, i) => Data(t, i, "input")).Concat(g.OutputTensors.Select((t, i) => Data(t, i, "output")));
    }
}
