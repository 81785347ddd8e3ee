using System.CommandLine;
using EdgeGen.Examples;
using EdgeGen.Export;

namespace EdgeGen.Cli;

/// <summary>
/// `edgegen example --out FILE.tflite [--network kws|mobilenetv2] [--seed N] [--input-out FILE.bin]`:
/// writes a seeded int8 example network (the keyword spotter <see cref="KwsExampleModel"/>, or the
/// image classifier <see cref="MobileNetV2ExampleModel"/>) and, if asked, one seeded input.
/// </summary>
internal static class ExampleCommand
{
    public static Command Create()
    {
        var output = new Option<string>("--out") { Description = "the .tflite file to write", Required = true };
        var seed = new Option<uint>("--seed") { Description = $"seed of the weights and of the input (default {KwsExampleModel.DefaultSeed})", DefaultValueFactory = _ => KwsExampleModel.DefaultSeed };
        var inputOut = new Option<string?>("--input-out") { Description = "also write a seeded input (raw int8 bytes) to this file" };
        var network = new Option<string>("--network") { Description = "kws (DS-CNN shaped keyword spotter, the default) or mobilenetv2 (MobileNetV2-shaped 96x96 image classifier)", DefaultValueFactory = _ => "kws" };
        network.AcceptOnlyFromAmong("kws", "mobilenetv2");
        var command = new Command("example", "write a seeded int8 example model (DS-CNN or MobileNetV2 shaped) as .tflite") { output, seed, inputOut, network };
        command.SetAction(r => Program.Guard(() =>
        {
            var s = r.GetValue(seed);
            var mobileNet = r.GetValue(network) == "mobilenetv2";
            var graph = mobileNet ? MobileNetV2ExampleModel.Build(s) : KwsExampleModel.Build(s);
            var path = r.GetValue(output)!;
            TfliteWriter.Save(graph, path);
            Console.WriteLine($"{graph.Name} (seed {s}): {graph.Operators.Length} operators, {graph.TotalMacs:N0} MACs, {graph.WeightBytes:N0} weight bytes -> {path}");
            if (r.GetValue(inputOut) is { } inputPath)
            {
                WriteFile(inputPath, mobileNet ? MobileNetV2ExampleModel.Input(s) : KwsExampleModel.Input(s));
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
