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
        var patches = model.Patches;
        for (var i = 0; i < g.Operators.Length; i++)
        {
            var op = g.Operators[i];
            var k = model.Kernels[i];
            var input = op.Inputs.Where(id => id >= 0 && !g[id].IsConstant).Select(id => g[id].Shape.ToString()).FirstOrDefault() ?? "";
            var variant = model.Choices[i].Variant + (k.Variant == model.Choices[i].Variant ? "" : ": " + k.Variant);
            if (patches is null || k.Definitions.Length > 0)
                kernels.Append($"/* #{patches?.SourceOps[i] ?? i} {op.Kind} {input} -> {g[op.Output].Shape} ({variant}) */\n");
            kernels.Append(k.Definitions);
            if (k.Definitions.Length > 0 && !k.Definitions.EndsWith("\n\n", StringComparison.Ordinal)) kernels.Append('\n');
            if (patches is not null) continue;
            calls.Append("    ").Append(k.Call).Append('\n');
            calls.Append($"    EG_PROFILE_MARK({i});\n");
        }
        if (model.Mixed is not null) calls.Append(Mixed.MixedCode.Calls(model, model.Mixed));
        else if (patches is not null) calls.Append(PatchedCode.Calls(patches, model.Kernels));
        var data = HeaderData(model);
        data["kernels"] = kernels.ToString().TrimEnd() + "\n";
        data["calls"] = calls.ToString().TrimEnd('\n');
        data["has_arena"] = model.Plan.ArenaBytes > 0;
        data["runtime_headers"] = RuntimeHeaders(model).Select(h => new Dictionary<string, object> { ["name"] = h }).ToList();
        return TemplateEngine.Render("c/model.c.hbs", data);
    }

    /// <summary>The runtime headers the model's kernels use (all of them need the fixed-point one).</summary>
    public static IEnumerable<string> RuntimeHeaders(CModel model) =>
        model.Kernels.SelectMany(k => k.Headers).Prepend("edgegen_fixedpoint.h")
            .Concat(model.Mixed is null ? Array.Empty<string>() : new[] { "edgegen_mixed.h" }).Distinct().Order(StringComparer.Ordinal);

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
        var streamed = model.Patches?.StreamsInput == true;
        var parameters = g.Inputs.Where(_ => !streamed).Select((id, i) => $"const {CFormat.TypeOf(g[id].Type)} *input{i}")
            .Concat(g.Outputs.Select((id, i) => $"{CFormat.TypeOf(g[id].Type)} *output{i}"));
        return new Dictionary<string, object>
        {
            ["input_stream"] = streamed,
            ["input_stream_ctype"] = PatchedCode.StreamedWindowType(g),
            ["input_stream_order"] = model.Patches?.Plan.ReuseRows == true
                ? "whole rows, top to bottom, each row once"
                : "tile by tile; the windows of neighbouring tiles overlap",
            ["name"] = g.Name,
            ["upper"] = upper,
            ["target"] = model.Target.Name,
            ["tensors"] = inputs.Concat(outputs).ToList(),
            ["parameters"] = string.Join(", ", parameters),
            ["arena_bytes"] = Math.Max(model.Plan.ArenaBytes, 1),
            ["operators"] = model.Patches?.Source.Operators.Length ?? g.Operators.Length,
            ["macs"] = g.TotalMacs.ToString(CultureInfo.InvariantCulture),
        };
    }
}
