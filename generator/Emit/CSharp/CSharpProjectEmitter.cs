using System.Runtime.InteropServices;
using System.Text.Json;
using System.Text.Json.Nodes;
using EdgeGen.Emit.Project;
using EdgeGen.Emit.Templates;
using EdgeGen.Targets;

namespace EdgeGen.Emit.CSharp;

/// <summary>
/// Writes a self-contained C# project for one model: Model.cs, the Program.cs harness, EdgeGen's
/// C# runtime sources under Runtime/, a NativeAOT csproj and a README with the publish commands
/// (this machine and Raspberry Pi). Written atomically, like the C project.
/// </summary>
public static class CSharpProjectEmitter
{
    /// <summary>The generated project's framework: the one whose NativeAOT packs the feed serves for linux-x64 and linux-arm64.</summary>
    public const string Framework = "net10.0";

    /// <summary>The runtime sources (runtime/csharp/*.cs) every generated project carries.</summary>
    public static readonly string[] RuntimeSources = ["Dot.cs", "FixedPoint.cs", "SoftmaxMath.cs"];

    public static CSharpProject Emit(CSharpModel model, string outDir)
    {
        OutputDirectory.WriteAtomically(outDir, Files(model));
        return new CSharpProject(Path.GetFullPath(outDir), model);
    }

    /// <summary>Every file of the project, by relative path (deterministic: same model and target, same bytes).</summary>
    public static SortedDictionary<string, string> Files(CSharpModel model)
    {
        var assembly = AssemblyName(model);
        var data = CSharpModelRenderer.Common(model);
        var hostRid = HostRid;
        data["assembly"] = assembly;
        data["framework"] = Framework;
        data["framework_version"] = Framework[3..];
        data["host_rid"] = hostRid;
        data["usage"] = CSharpModelRenderer.Usage(model.Graph);
        data["signature"] = CSharpModelRenderer.Signature(model.Graph);
        data["host_publish"] = PublishCommand(hostRid, ".");
        data["arm64_publish"] = PublishCommand("linux-arm64", ".");
        var files = new SortedDictionary<string, string>(StringComparer.Ordinal)
        {
            ["Model.cs"] = CSharpModelRenderer.Model(model),
            ["Program.cs"] = CSharpModelRenderer.Program(model, assembly),
            [assembly + ".csproj"] = TemplateEngine.Render("csharp/Model.csproj.hbs", data),
            ["README.md"] = TemplateEngine.Render("csharp/README.md.hbs", data),
        };
        foreach (var (rid, what) in new[] { ("linux-x64", "Linux on x64"), ("linux-arm64", "Raspberry Pi 3/4/5 (64-bit OS) and other Linux on arm64") })
            files[$"Properties/PublishProfiles/{rid}.pubxml"] = TemplateEngine.Render("csharp/PublishProfile.pubxml.hbs", new Dictionary<string, object> { ["rid"] = rid, ["what"] = what });
        foreach (var source in RuntimeSources)
            files["Runtime/" + source] = File.ReadAllText(Path.Combine(ResourcePaths.Runtime, "csharp", source));
        files[ProjectEmitter.ManifestFile] = Manifest(model).ToJsonString(new JsonSerializerOptions { WriteIndented = true }) + "\n";
        return files;
    }

    /// <summary>The binary's name: the model name as a file name.</summary>
    public static string AssemblyName(CSharpModel model) => new(model.Name.Select(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-' ? c : '_').ToArray());

    /// <summary>This machine's .NET runtime identifier (linux-x64 here).</summary>
    public static string HostRid => RuntimeInformation.RuntimeIdentifier;

    /// <summary>The runtime identifier to publish for a target: its dotnet_rid, or this machine's for the host.</summary>
    public static string RidFor(TargetSpec target) => target.DotnetRid is { Length: > 0 } rid ? rid : HostRid;

    /// <summary>The NativeAOT publish command of a project directory for a runtime identifier.</summary>
    public static string PublishCommand(string rid, string directory) =>
        $"dotnet publish {(directory == "." ? "" : Quote(directory) + " ")}-c Release -r {rid} -p:PublishAot=true -o {(directory == "." ? "" : Quote(directory) + "/")}publish/{rid}";

    private static string Quote(string path) => path.Any(c => char.IsWhiteSpace(c) || c is '\'' or '"' or '$') ? $"'{path.Replace("'", "'\\''")}'" : path;

    private static JsonObject Manifest(CSharpModel model) => new()
    {
        ["generator"] = "edgegen",
        ["language"] = "csharp",
        ["model"] = model.Name,
        ["target"] = model.Target.Name,
        ["framework"] = Framework,
        ["runtime_identifier"] = RidFor(model.Target),
        ["arena_bytes"] = model.Plan.ArenaBytes,
        ["weight_bytes"] = model.Graph.WeightBytes,
        ["macs"] = model.Graph.TotalMacs,
        ["operators"] = ProjectEmitter.OperatorsJson(model.Graph, model.Kernels.Select(k => k.Variant).ToList()),
    };
}

/// <summary>A generated C# project on disk.</summary>
public sealed record CSharpProject(string Directory, CSharpModel Model)
{
    public string AssemblyName => CSharpProjectEmitter.AssemblyName(Model);
    public string ProjectFile => Path.Combine(Directory, AssemblyName + ".csproj");
}
