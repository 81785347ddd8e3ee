using System.Text.Json.Nodes;
using EdgeGen.Emit.C;
using EdgeGen.Emit.Templates;
using EdgeGen.Ir;
using EdgeGen.Targets;

namespace EdgeGen.Emit.Project;

/// <summary>
/// Writes a self-contained C project for one target: model.c/model.h, the runtime headers it uses,
/// a test harness (semihosting firmware for Cortex-M, a stdio program for the host and Cortex-A), a Makefile
/// and a CMakeLists.txt, and for Cortex-M the startup code and linker scripts. The directory is
/// written beside its destination and moved into place only when complete.
/// </summary>
public static class ProjectEmitter
{
    public const string ManifestFile = "edgegen.json";

    /// <param name="profile">Build with -DEG_PROFILE: the harness reads the timer after every operator.</param>
    public static GeneratedProject Emit(CModel model, string outDir, bool profile = false)
    {
        var files = Files(model, profile);
        OutputDirectory.WriteAtomically(outDir, files);
        return new GeneratedProject(Path.GetFullPath(outDir), model, HarnessInfo.Binary(model.Target));
    }

    /// <summary>Every file of the project, by relative path (deterministic: same model and target, same bytes).</summary>
    public static SortedDictionary<string, string> Files(CModel model, bool profile = false)
    {
        var target = model.Target;
        var files = new SortedDictionary<string, string>(StringComparer.Ordinal)
        {
            ["model.h"] = CModelRenderer.Header(model),
            ["model.c"] = CModelRenderer.Source(model),
        };
        foreach (var header in CModelRenderer.RuntimeHeaders(model))
            files[header] = File.ReadAllText(Path.Combine(ResourcePaths.Runtime, "c", header));

        var harness = HarnessInfo.Data(model);
        if (target.IsCortexM)
        {
            files["main.c"] = TemplateEngine.Render("cortex-m/main.c.hbs", harness);
            foreach (var name in new[] { "startup.c", "semihost.c", "semihost.h", "insn_timer.c", "insn_timer.h", "stack_meter.c", "stack_meter.h", "common.ld" })
                files[name] = File.ReadAllText(Path.Combine(ResourcePaths.Templates, "cortex-m", name));
            files["memory.ld"] = TemplateEngine.Render("cortex-m/memory.ld.hbs", HarnessInfo.MemoryData(target));
            files["toolchain.cmake"] = TemplateEngine.Render("c/toolchain.cmake.hbs", harness);
        }
        else
        {
            // Host and Cortex-A (64-bit Linux) share the hosted command-line harness.
            files["main.c"] = TemplateEngine.Render("host/main.c.hbs", harness);
            if (target.IsCortexA) files["toolchain.cmake"] = TemplateEngine.Render("c/toolchain.cmake.hbs", harness);
        }
        files["Makefile"] = TemplateEngine.Render("c/Makefile.hbs", HarnessInfo.MakeData(model, files.Keys.Where(f => f.EndsWith(".c", StringComparison.Ordinal)), profile));
        files["CMakeLists.txt"] = TemplateEngine.Render("c/CMakeLists.txt.hbs", HarnessInfo.CMakeData(model, files.Keys.Where(f => f.EndsWith(".c", StringComparison.Ordinal) && f != "model.c")));
        files[ManifestFile] = Manifest(model).ToJsonString(new System.Text.Json.JsonSerializerOptions { WriteIndented = true }) + "\n";
        return files;
    }

    /// <summary>What was planned, for tools and users: target, arena, kernels chosen per operator.</summary>
    private static JsonObject Manifest(CModel model) => new()
    {
        ["generator"] = "edgegen",
        ["model"] = model.Name,
        ["target"] = model.Target.Name,
        ["arena_bytes"] = model.Plan.ArenaBytes,
        ["weight_bytes"] = model.Graph.WeightBytes,
        ["macs"] = model.Graph.TotalMacs,
        ["operators"] = OperatorsJson(model.Graph, model.Choices.Select(c => c.Variant).ToList(), model.Choices.Select(c => c.EstimatedInstructions).ToList()),
    };

    /// <summary>The manifest's list of operators with the kernel variant chosen for each (and its estimated cost, where a cost model chose it).</summary>
    public static JsonArray OperatorsJson(Graph graph, IReadOnlyList<string> variants, IReadOnlyList<long>? estimates = null) =>
        new(graph.Operators.Select((op, i) =>
        {
            var o = new JsonObject { ["index"] = i, ["op"] = op.Kind, ["variant"] = variants[i] };
            if (estimates is not null) o["estimated_instructions"] = estimates[i];
            o["macs"] = op.Macs(graph);
            return (JsonNode)o;
        }).ToArray());
}

/// <summary>A generated project on disk.</summary>
public sealed record GeneratedProject(string Directory, CModel Model, string Binary)
{
    public string BinaryPath => Path.Combine(Directory, Binary);
}
