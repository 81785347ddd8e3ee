using System.CommandLine;
using System.Text.Json.Nodes;
using EdgeGen.Import.TFLite;
using EdgeGen.Ir;
using EdgeGen.Planning;

namespace EdgeGen.Cli;

/// <summary>`edgegen inspect MODEL [--json]`: operators, tensors, MACs, weight bytes and the peak activation memory.</summary>
internal static class InspectCommand
{
    public static Command Create()
    {
        var model = CliOptions.Model();
        var json = CliOptions.Json();
        var command = new Command("inspect", "show a model's operators, tensors, MACs, weights and peak activation memory") { model, json };
        command.SetAction(r => Program.Guard(() =>
        {
            var graph = TfliteImporter.Load(r.GetValue(model)!);
            var report = ModelReport.Build(graph);
            Console.WriteLine(r.GetValue(json) ? report.ToJson().ToJsonString(JsonOutput.Options) : report.ToText());
            return 0;
        }));
        return command;
    }
}
