using System.CommandLine;
using System.Text.Json.Nodes;
using EdgeGen.Import.TFLite;
using EdgeGen.Ir;
using EdgeGen.Planning;
using EdgeGen.Targets;

namespace EdgeGen.Cli;

/// <summary>`edgegen inspect MODEL [--json]`: operators, tensors, MACs, weight bytes and the peak activation memory.</summary>
internal static class InspectCommand
{
    public static Command Create()
    {
        var model = CliOptions.Model();
        var json = CliOptions.Json();
        var memory = new Option<bool>("--memory") { Description = "show RAM per operator without and with patches (--patch, default auto) instead of the listing" };
        var patch = CliOptions.Patch();
        patch.DefaultValueFactory = _ => "auto";
        var budget = CliOptions.RecomputeBudget();
        var stream = CliOptions.InputStream();
        var target = new Option<string>("--target") { Description = "with --memory: the target whose kernels and RAM the plan is for", DefaultValueFactory = _ => "cortex-m4" };
        var svg = new Option<string?>("--svg") { Description = "with --memory: also write an SVG chart of arena use over the schedule to this file" };
        var command = new Command("inspect", "show a model's operators, tensors, MACs, weights and peak activation memory") { model, json, memory, patch, budget, stream, target, svg };
        command.SetAction(r => Program.Guard(() =>
        {
            var graph = TfliteImporter.Load(r.GetValue(model)!);
            if (r.GetValue(memory) || r.GetValue(svg) is not null)
            {
                var memoryReport = MemoryReport.Build(graph, TargetCatalog.Find(r.GetValue(target)!), CliOptions.PatchOptions(r, patch, budget, stream));
                if (r.GetValue(svg) is { } path) CliFiles.WriteText(path, MemorySvg.Render(memoryReport));
                Console.WriteLine(r.GetValue(json) ? memoryReport.ToJson().ToJsonString(JsonOutput.Options) : memoryReport.ToText());
                return 0;
            }
            var report = ModelReport.Build(graph);
            Console.WriteLine(r.GetValue(json) ? report.ToJson().ToJsonString(JsonOutput.Options) : report.ToText());
            return 0;
        }));
        return command;
    }
}
