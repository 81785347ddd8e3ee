using System.Globalization;
using System.Text;
using EdgeGen.Emit.Templates;
using EdgeGen.Ir;

namespace EdgeGen.Emit.C;

/// <summary>Renders model.h and model.c of a planned model through the templates in templates/c.</summary>
public static class CModelRenderer
{
    public static string Header(CModel model) => TemplateEngine.Render("c/model.h.hbs", HeaderData(model));

    public static string Source(CModel model)
    {
        var kernels = new StringBuilder();
        var calls = new StringBuilder();
        var g = model.Graph;
        for (var i = 0; i < g.Operators.Length; i++)
        {
            var op = g.Operators[i];
            var k = model.Kernels[i];
            var input = op.Inputs.Where(id => id >= 0 && !g[id].IsConstant).Select(id => g[id].Shape.ToString()).FirstOrDefault() ?? "";
            kernels.Append($"/* #{i} {op.Kind} {input} -> {g[op.Output].Shape} ({k.Variant}) */\n");
            kernels.Append(k.Definitions);
            if (k.Definitions.Length > 0 && !k.Definitions.EndsWith("\n\n", StringComparison.Ordinal)) kernels.Append('\n');
            calls.Append("    ").Append(k.Call).Append('\n');
        }
        var data = HeaderData(model);
        data["kernels"] = kernels.ToString().TrimEnd() + "\n";
        data["calls"] = calls.ToString().TrimEnd('\n');
        data["has_arena"] = model.Plan.ArenaBytes > 0;
        data["runtime_headers"] = RuntimeHeaders(model).Select(h => new Dictionary<string, object> { ["name"] = h }).ToList();
        return TemplateEngine.Render("c/model.c.hbs", data);
    }

    /// <summary>The runtime headers the model's kernels use (all of them need the fixed-point one).</summary>
    public static IEnumerable<string> RuntimeHeaders(CModel model)
    {
        yield return "edgegen_fixedpoint.h";
        if (model.Kernels.Any(k => k.Definitions.Contains("eg_reciprocal(", StringComparison.Ordinal))) yield return "edgegen_softmax.h";
        if (model.Kernels.Any(k => k.Definitions.Contains("eg_neon_", StringComparison.Ordinal))) yield return "edgegen_neon.h";
    }

    private static Dictionary<string, object> HeaderData(CModel model)
    {
        var g = model.Graph;
        var upper = g.Name.ToUpperInvariant();
        object TensorData(Tensor t, int index, string role) => new Dictionary<string, object>
        {
            ["index"] = index,
            ["role"] = role,
            ["ctype"] = CFormat.TypeOf(t.Type),
            ["bytes"] = t.ByteSize,
            ["elements"] = t.Shape.ElementCount,
            ["shape"] = string.Join(", ", t.Shape.Dims),
            ["has_quant"] = t.Quantization is not null,
            ["scale"] = t.Quantization is null ? "" : CFormat.Float(t.Quant.Scale),
            ["zero_point"] = t.Quantization is null ? 0 : t.Quant.ZeroPoint,
            ["name"] = t.Name,
        };
        var inputs = g.Inputs.Select((id, i) => TensorData(g[id], i, "INPUT")).ToList();
        var outputs = g.Outputs.Select((id, i) => TensorData(g[id], i, "OUTPUT")).ToList();
        var parameters = g.Inputs.Select((id, i) => $"const {CFormat.TypeOf(g[id].Type)} *input{i}")
            .Concat(g.Outputs.Select((id, i) => $"{CFormat.TypeOf(g[id].Type)} *output{i}"));
        return new Dictionary<string, object>
        {
            ["name"] = g.Name,
            ["upper"] = upper,
            ["target"] = model.Target.Name,
            ["tensors"] = inputs.Concat(outputs).ToList(),
            ["parameters"] = string.Join(", ", parameters),
            ["arena_bytes"] = Math.Max(model.Plan.ArenaBytes, 1),
            ["operators"] = g.Operators.Length,
            ["macs"] = g.TotalMacs.ToString(CultureInfo.InvariantCulture),
        };
    }
}
