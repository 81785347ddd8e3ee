using System.CommandLine;
using EdgeGen.Import.TFLite;
using EdgeGen.Pipeline;
using EdgeGen.Targets;

namespace EdgeGen.Cli;

/// <summary>`edgegen build MODEL --target T --out DIR`: writes the self-contained C project for the target.</summary>
internal static class BuildCommand
{
    public static Command Create()
    {
        var model = CliOptions.Model();
        var target = CliOptions.Target();
        var lang = CliOptions.Lang();
        var outDir = new Option<string>("--out") { Description = "directory to write the project to (created; replaced if EdgeGen generated it before)", Required = true };
        var patch = CliOptions.Patch();
        var budget = CliOptions.RecomputeBudget();
        var stream = CliOptions.InputStream();
        var json = CliOptions.Json();
        var mixed = new MixedCliOptions();
        var command = new Command("build", "generate the C project (model.c/model.h, runtime, harness, Makefile, CMakeLists.txt) for a target, or with --lang csharp the NativeAOT C# project") { model, target, outDir, lang, patch, budget, stream, json };
        foreach (var option in mixed.All) command.Options.Add(option);
        command.SetAction(r => Program.Guard(() =>
        {
            var patches = CliOptions.PatchOptions(r, patch, budget, stream);
            var graph = TfliteImporter.Load(r.GetValue(model)!);
            patches = mixed.Apply(r, patch, patches, graph);
            var spec = TargetCatalog.Find(r.GetValue(target)!);
            if (r.GetValue(lang) == "csharp" && patches.Mixed is not null) throw new EdgeGenException("--mixed-precision generates C only; drop --lang csharp");
            if (r.GetValue(lang) == "csharp") return CSharpVerbs.Build(graph, spec, r.GetValue(outDir)!);
            var quiet = r.GetValue(json);
            var project = Compiler.Generate(graph, spec, r.GetValue(outDir)!, quiet ? null : Progress.Line, new CompileOptions(Patches: patches));
            var mixedFigures = MixedReport.Measure(project.Model, inputs: null);
            if (quiet)
            {
                Console.WriteLine(new System.Text.Json.Nodes.JsonObject
                {
                    ["target"] = spec.Name,
                    ["model"] = graph.Name,
                    ["project"] = project.Directory,
                    ["arena_bytes"] = project.Model.Plan.ArenaBytes,
                    ["peak_ram_bytes"] = PatchReport.Ram(project.Model).PeakBytes,
                    ["activation_ram_bytes"] = PatchReport.Ram(project.Model).ActivationBytes,
                    ["patch"] = PatchReport.Json(project.Model),
                    ["mixed_precision"] = MixedReport.Json(project.Model, mixedFigures),
                }.ToJsonString());
                return 0;
            }
            var plan = project.Model.Patches is { } p ? $", patches {p.Plan}" : "";
            if (mixedFigures is not null) Console.WriteLine(MixedReport.Text(project.Model, mixedFigures));
            Console.WriteLine($"{graph.Name} for {spec.Name}: project written to {project.Directory} (arena {project.Model.Plan.ArenaBytes:N0} bytes{plan}); build it with `make -C {project.Directory}`");
            return 0;
        }));
        return command;
    }
}
