using System.CommandLine;
using System.Text.Json.Nodes;
using EdgeGen.Import.TFLite;
using EdgeGen.Reference;

namespace EdgeGen.Cli;

/// <summary>
/// `edgegen run MODEL --target T --input IN.bin [--input ...] --output OUT.bin [--json]`: runs the
/// model on raw input bytes and writes the raw bytes of the output tensor.
/// </summary>
internal static class RunCommand
{
    public static Command Create()
    {
        var model = CliOptions.Model();
        var json = CliOptions.Json();
        var target = new Option<string>("--target") { Description = "where to run: host-ref (the reference interpreter)", Required = true };
        var inputs = new Option<string[]>("--input") { Description = "raw bytes of an input tensor (repeat, in the model's input order)", Required = true, AllowMultipleArgumentsPerToken = false };
        var output = new Option<string>("--output") { Description = "file to write the raw bytes of the output tensor to", Required = true };
        var command = new Command("run", "run a model on raw input bytes and write the output tensor's raw bytes") { model, target, inputs, output, json };
        command.SetAction(r => Program.Guard(() =>
        {
            var targetName = r.GetValue(target)!;
            if (targetName != "host-ref") throw new EdgeGenException($"unknown target '{targetName}' (available: host-ref)");
            var graph = TfliteImporter.Load(r.GetValue(model)!);
            var inputPaths = r.GetValue(inputs)!;
            var inputBytes = inputPaths.Select(ReadInput).ToArray();
            ReferenceInterpreter.CheckInputs(graph, inputBytes, inputPaths);
            var outputs = ReferenceInterpreter.Run(graph, inputBytes);
            var outPath = r.GetValue(output)!;
            WriteOutput(outPath, outputs[0]);
            if (r.GetValue(json))
                Console.WriteLine(new JsonObject
                {
                    ["target"] = targetName,
                    ["model"] = graph.Name,
                    ["output"] = outPath,
                    ["output_bytes"] = outputs[0].Length,
                }.ToJsonString());
            else
                Console.WriteLine($"{graph.Name} on {targetName}: wrote {outputs[0].Length} bytes to {outPath}");
            return 0;
        }));
        return command;
    }

    private static byte[] ReadInput(string path)
    {
        try { return File.ReadAllBytes(path); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new EdgeGenException($"{path}: cannot read input file ({(e is FileNotFoundException or DirectoryNotFoundException ? "not found" : e.Message)})");
        }
    }

    private static void WriteOutput(string path, byte[] bytes)
    {
        try { File.WriteAllBytes(path, bytes); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new EdgeGenException($"{path}: cannot write output file ({e.Message})");
        }
    }
}
