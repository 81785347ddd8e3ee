using System.CommandLine;
using System.Globalization;
using System.Text.Json.Nodes;
using EdgeGen.Export;
using EdgeGen.Import.TFLite;
using EdgeGen.Ir;
using EdgeGen.Passes;
using EdgeGen.Ptq;

namespace EdgeGen.Cli;

/// <summary>
/// `edgegen quantize FLOAT.tflite --ternary twn|absmean|trit-planes|all -o OUT.tflite`: post-training
/// ternarization of a float model into an int8 TFLite model with ternary weights, and a report of
/// how closely it follows the float model (top-1 agreement for class scores, MAE, SQNR) on the
/// calibration inputs, seeded inputs and, with --frames, held-out real windows.
/// </summary>
internal static class QuantizeCommand
{
    public static Command Create()
    {
        var model = CliOptions.Model();
        var ternary = new Option<string>("--ternary") { Description = "ternarization: twn, absmean, trit-planes, or several separated by commas, or all", Required = true };
        var output = new Option<string>("--output", "-o") { Description = "the .tflite file to write (with several methods: NAME.METHOD.tflite beside it)", Required = true };
        var calibration = new Option<string?>("--calibration") { Description = "directory of calibration inputs: *.bin files, each float32 little-endian of the model input's shape" };
        var frames = new Option<string?>("--frames") { Description = "float32 file of consecutive frames (e.g. ad01_real_features_f32.bin); inputs are windows sliding by one frame, even ones calibrate (without --calibration), odd ones are the held-out 'real' set" };
        var frameSize = new Option<int>("--frame-size") { Description = "values per frame of --frames (ad01: 128)", DefaultValueFactory = _ => 0 };
        var range = new Option<string?>("--input-range") { Description = "MIN:MAX real range of seeded inputs (default: the calibration inputs' range, or -1:1 without any)" };
        var seeded = new Option<int>("--seeded") { Description = "seeded evaluation inputs (seeds 1..N)", DefaultValueFactory = _ => 16 };
        var seededCalibration = new Option<int>("--seeded-calibration") { Description = "seeded calibration inputs (seeds 1000..) when neither --calibration nor --frames is given", DefaultValueFactory = _ => 32 };
        var percentile = new Option<double?>("--percentile") { Description = "activation range from this percentile (e.g. 99.99) instead of min/max" };
        var baseline = new Option<bool>("--baseline") { Description = "also report the same pipeline with plain int8 per-channel weights (not written), to separate the cost of ternary weights from that of int8 activations" };
        var json = CliOptions.Json();
        var command = new Command("quantize", "post-training ternarization of a float TFLite model into int8 activations and ternary weights, with its agreement to the float model")
            { model, ternary, output, calibration, frames, frameSize, range, seeded, seededCalibration, percentile, baseline, json };
        command.SetAction(r => Program.Guard(() =>
        {
            var graph = TfliteImporter.Load(r.GetValue(model)!);
            var input = ModelRunner.SingleInput(graph);
            if (input.Type != DataType.Float32) throw new EdgeGenException($"{r.GetValue(model)}: the input is {input.Type.DisplayName()}; quantize takes a float32 model");
            var methods = Methods(r.GetValue(ternary)!);
            var quiet = r.GetValue(json);

            var sets = new List<InputSet>();
            IReadOnlyList<float[]>? calib = r.GetValue(calibration) is { } dir ? InputSets.FromDirectory(dir, input) : null;
            if (r.GetValue(frames) is { } framesPath)
            {
                var windows = InputSets.Windows(framesPath, r.GetValue(frameSize), input.Shape.ElementCount);
                if (calib is null)
                {
                    calib = windows.Where((_, i) => i % 2 == 0).ToArray();
                    sets.Add(new InputSet("real (held out)", windows.Where((_, i) => i % 2 == 1).ToArray()));
                }
                else sets.Add(new InputSet("real", windows));
            }
            var (min, max) = r.GetValue(range) is { } text ? ParseRange(text) : calib is not null ? InputSets.Range(calib) : (-1f, 1f);
            calib ??= InputSets.Seeded(InputSets.SeededCalibrationBase, r.GetValue(seededCalibration), input.Shape.ElementCount, min, max);
            sets.Insert(0, new InputSet("calibration", calib));
            sets.Insert(1, new InputSet("seeded", InputSets.Seeded(InputSets.SeededEvaluationBase, r.GetValue(seeded), input.Shape.ElementCount, min, max)));

            if (!quiet) Progress.Line($"calibrating {graph.Name} on {calib.Count} inputs");
            var ranges = ActivationRanges.Measure(graph, calib, r.GetValue(percentile));
            var cache = new Dictionary<float[], float[]>(ReferenceEqualityComparer.Instance);
            var results = new JsonArray();
            var lines = new List<string>();
            foreach (var method in methods)
            {
                var name = Ternarizer.Name(method);
                var path = OutputPath(r.GetValue(output)!, name, methods.Length);
                if (!quiet) Progress.Line($"{name}: ternarizing and evaluating");
                var quantized = TernaryQuantizer.Quantize(graph, method, ranges);
                TfliteWriter.Save(quantized, path);
                var layers = TernaryDetection.Run(quantized);
                var agreements = TernaryQuantizer.Evaluate(graph, quantized, sets, cache);
                lines.Add($"{name} -> {path}: {layers.Count(l => l.IsTernary)}/{layers.Length} layers ternary, weight sparsity {Sparsity(quantized, layers) * 100:F1}%");
                lines.AddRange(agreements.Select(a => $"  {a.Set,-16} {a.Agreement}"));
                results.Add(new JsonObject
                {
                    ["method"] = name,
                    ["output"] = path,
                    ["ternary_layers"] = layers.Count(l => l.IsTernary),
                    ["weighted_layers"] = layers.Length,
                    ["weight_sparsity"] = Math.Round(Sparsity(quantized, layers), 6),
                    ["agreement"] = new JsonArray(agreements.Select(a => (JsonNode)AgreementJson(a.Set, a.Agreement)).ToArray()),
                });
            }
            if (r.GetValue(baseline))
            {
                var agreements = TernaryQuantizer.Evaluate(graph, TernaryQuantizer.QuantizeInt8(graph, ranges), sets, cache);
                lines.Add("int8 per-channel weights (baseline, not written)");
                lines.AddRange(agreements.Select(a => $"  {a.Set,-16} {a.Agreement}"));
                results.Add(new JsonObject { ["method"] = "int8-baseline", ["agreement"] = new JsonArray(agreements.Select(a => (JsonNode)AgreementJson(a.Set, a.Agreement)).ToArray()) });
            }
            Console.WriteLine(quiet
                ? new JsonObject { ["model"] = graph.Name, ["classifier"] = TernaryQuantizer.IsClassifier(graph), ["input_range"] = new JsonArray(min, max), ["methods"] = results }.ToJsonString(JsonOutput.Options)
                : string.Format(CultureInfo.InvariantCulture, "{0}: ternary int8 models vs the float model (seeded inputs in [{1:G4}, {2:G4}])\n", graph.Name, min, max) + string.Join("\n", lines));
            return 0;
        }));
        return command;
    }

    private static TernaryMethod[] Methods(string text) => text == "all"
        ? Enum.GetValues<TernaryMethod>()
        : text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(Ternarizer.Parse).Distinct().ToArray();

    private static string OutputPath(string path, string method, int methods) => methods == 1
        ? path
        : Path.Combine(Path.GetDirectoryName(path) ?? "", $"{Path.GetFileNameWithoutExtension(path)}.{method}{Path.GetExtension(path)}");

    private static (float, float) ParseRange(string text)
    {
        var parts = text.Split(':');
        if (parts.Length == 2 && float.TryParse(parts[0], NumberStyles.Float, CultureInfo.InvariantCulture, out var min)
            && float.TryParse(parts[1], NumberStyles.Float, CultureInfo.InvariantCulture, out var max) && min < max)
            return (min, max);
        throw new EdgeGenException($"--input-range '{text}': expected MIN:MAX with MIN < MAX, e.g. -1:1");
    }

    /// <summary>The share of zeros among all weights of the weighted layers.</summary>
    private static double Sparsity(Graph g, IReadOnlyList<TernaryLayer> layers)
    {
        var total = layers.Sum(l => (double)g[g.Operators[l.OperatorIndex].Inputs[1]].Shape.ElementCount);
        return total == 0 ? 0 : layers.Sum(l => l.Sparsity * g[g.Operators[l.OperatorIndex].Inputs[1]].Shape.ElementCount) / total;
    }

    private static JsonObject AgreementJson(string set, Agreement a) => new()
    {
        ["set"] = set,
        ["inputs"] = a.Inputs,
        ["top1_agreement"] = a.Top1,
        ["mae"] = a.Mae,
        ["sqnr_db"] = double.IsFinite(a.SqnrDb) ? a.SqnrDb : null,
    };
}
