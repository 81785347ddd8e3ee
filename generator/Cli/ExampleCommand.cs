using System.CommandLine;
using EdgeGen.Examples;
using EdgeGen.Export;

namespace EdgeGen.Cli;

/// <summary>
/// `edgegen example --out FILE.tflite [--seed N] [--input-out FILE.bin]`: writes the seeded int8
/// keyword-spotting example network (see <see cref="KwsExampleModel"/>) and, if asked, one seeded input.
/// </summary>
internal static class ExampleCommand
{
    public static Command Create()
    {
        var output = new Option<string>("--out") { Description = "the .tflite file to write", Required = true };
        var seed = new Option<uint>("--seed") { Description = $"seed of the weights and of the input (default {KwsExampleModel.DefaultSeed})", DefaultValueFactory = _ => KwsExampleModel.DefaultSeed };
        var inputOut = new Option<string?>("--input-out") { Description = "also write a seeded input (raw int8 bytes) to this file" };
        var command = new Command("example", "write a seeded int8 keyword-spotting example model (DS-CNN shaped) as .tflite") { output, seed, inputOut };
        command.SetAction(r => Program.Guard(() =>
        {
            var s = r.GetValue(seed);
            var graph = KwsExampleModel.Build(s);
            var path = r.GetValue(output)!;
            TfliteWriter.Save(graph, path);
            Console.WriteLine($"{graph.Name} (seed {s}): {graph.Operators.Length} operators, {graph.TotalMacs:N0} MACs, {graph.WeightBytes:N0} weight bytes -> {path}");
            if (r.GetValue(inputOut) is { } inputPath)
            {
                WriteFile(inputPath, KwsExampleModel.Input(s));
                Console.WriteLine($"input (seed {s}) -> {inputPath}");
            }
            return 0;
        }));
        return command;
    }

    private static void WriteFile(string path, byte[] bytes)
    {
        try { File.WriteAllBytes(path, bytes); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new EdgeGenException($"{path}: cannot write the input file ({e.Message})");
        }
    }
}
