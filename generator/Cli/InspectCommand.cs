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
        var target = new Option<string>("--target") { Description = "the target whose kernel choice per operator to list (with --memory: whose kernels and RAM the plan is for)", DefaultValueFactory = _ => "cortex-m4" };
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
            // an explicit --target adds the kernel each operator gets on it (the cost model's choice)
            var kernels = r.GetResult(target) is { Implicit: false } ? TargetCatalog.Find(r.GetValue(target)!) : null;
            if (r.GetValue(json))
            {
                var node = report.ToJson();
                if (kernels is not null) node["kernels"] = KernelReport.ToJson(graph, kernels);
                Console.WriteLine(node.ToJsonString(JsonOutput.Options));
            }
            else Console.WriteLine(kernels is null ? report.ToText() : report.ToText() + "\n\n" + KernelReport.ToText(graph, kernels));
            return 0;
        }));
        return command;
    }
}
