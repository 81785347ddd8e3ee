using EdgeGen.Examples;
using EdgeGen.Export;
using EdgeGen.Import.TFLite;
using EdgeGen.Ir;
using EdgeGen.Ir.Ops;
using EdgeGen.Reference;
using EdgeGen.Tests.Support;
using Xunit;

namespace EdgeGen.Tests.Examples;

/// <summary>
/// The seeded keyword-spotting example: the shipped files are exactly what the seed builds, the
/// network has the DS-CNN shape, and its int8 outputs are informative (not saturated, not constant,
/// different classes for different inputs).
/// </summary>
public class KwsExampleModelTests
{
    private static readonly string ShippedModel = Path.Combine(Repo.Root, "generator", "Examples", "kws_example.tflite");
    private static readonly string ShippedInput = Path.Combine(Repo.Root, "generator", "Examples", "kws_example_input.bin");
    private static readonly Lazy<Graph> Model = new(() => TfliteImporter.Load(ShippedModel));

    [Fact]
    public void Shipped_files_are_what_the_default_seed_builds()
    {
        Assert.Equal(File.ReadAllBytes(ShippedModel), TfliteWriter.Write(KwsExampleModel.Build()));
        Assert.Equal(File.ReadAllBytes(ShippedInput), KwsExampleModel.Input(KwsExampleModel.DefaultSeed));
    }

    [Fact]
    public void The_example_verb_regenerates_the_shipped_files_byte_for_byte()
    {
        var dir = Directory.CreateTempSubdirectory("edgegen-example-");
        try
        {
            var model = Path.Combine(dir.FullName, "kws.tflite");
            var input = Path.Combine(dir.FullName, "in.bin");
            var r = EdgegenCli.Run("example", "--out", model, "--input-out", input);
            Assert.True(r.ExitCode == 0, r.ToString());
            Assert.Equal(File.ReadAllBytes(ShippedModel), File.ReadAllBytes(model));
            Assert.Equal(File.ReadAllBytes(ShippedInput), File.ReadAllBytes(input));
        }
        finally { dir.Delete(recursive: true); }
    }

    [Fact]
    public void Another_seed_gives_other_weights_and_inputs()
    {
        Assert.NotEqual(File.ReadAllBytes(ShippedModel), TfliteWriter.Write(KwsExampleModel.Build(7)));
        Assert.NotEqual(KwsExampleModel.Input(1), KwsExampleModel.Input(7));
    }

    [Fact]
    public void Has_the_ds_cnn_shape()
    {
        var g = Model.Value;
        Assert.Equal(new[] { "CONV_2D", "DEPTHWISE_CONV_2D", "CONV_2D", "DEPTHWISE_CONV_2D", "CONV_2D", "DEPTHWISE_CONV_2D", "CONV_2D",
            "DEPTHWISE_CONV_2D", "CONV_2D", "AVERAGE_POOL_2D", "RESHAPE", "FULLY_CONNECTED", "SOFTMAX" }, g.Operators.Select(o => o.Kind));
        var input = Assert.Single(g.InputTensors);
        Assert.Equal(new Shape(1, 49, 10, 1), input.Shape);
        Assert.Equal(DataType.Int8, input.Type);
        var first = Assert.IsType<Conv2D>(g.Operators[0]);
        Assert.Equal(new Shape(KwsExampleModel.Channels, 10, 4, 1), g[first.Inputs[1]].Shape);
        Assert.Equal((2, 2), (first.Window.StrideH, first.Window.StrideW));
        foreach (var op in g.Operators.Take(9))
        {
            Assert.True(g[op.Inputs[1]].Quant.IsPerAxis, $"{op.Kind} weights are per channel");
            Assert.Equal(DataType.Int32, g[op.Inputs[2]].Type);
            Assert.Equal(Activation.Relu, op is Conv2D c ? c.Activation : ((DepthwiseConv2D)op).Activation);
        }
        var output = Assert.Single(g.OutputTensors);
        Assert.Equal(new Shape(1, KwsExampleModel.Classes), output.Shape);
        Assert.Equal((1f / 256, -128), (output.Quant.Scale, output.Quant.ZeroPoint));
    }

    [Fact]
    public void Outputs_differ_across_seeded_inputs_and_are_not_saturated()
    {
        var outputs = Enumerable.Range(1, 8).Select(s => ReferenceInterpreter.Run(Model.Value, new[] { KwsExampleModel.Input((uint)s) })[0]).ToArray();
        var rows = outputs.Select(o => o.Select(b => (int)(sbyte)b).ToArray()).ToArray();
        var top1 = rows.Select(r => Array.IndexOf(r, r.Max())).ToArray();
        Assert.True(top1.Distinct().Count() >= 3, $"top-1 classes {string.Join(",", top1)}");
        Assert.Equal(rows.Length, rows.Select(r => string.Join(",", r)).Distinct().Count());
        Assert.All(rows, r => Assert.True(r.Max() < 127, $"saturated output {string.Join(",", r)}"));
        Assert.All(rows, r => Assert.True(r.Count(v => v > -128) >= 3, $"near one-hot output {string.Join(",", r)}"));
    }

    [Fact]
    public void Activations_use_their_int8_range()
    {
        var seen = new Dictionary<int, HashSet<sbyte>>();
        var saturated = new Dictionary<int, int>();
        foreach (var s in Enumerable.Range(1, 4))
            ReferenceInterpreter.Run(Model.Value, new[] { KwsExampleModel.Input((uint)s) }, (i, store) =>
            {
                var op = Model.Value.Operators[i];
                if (op is not (Conv2D or DepthwiseConv2D or FullyConnected)) return;
                var values = store.Int8(op.Output).ToArray();
                seen.TryAdd(op.Output, new HashSet<sbyte>());
                seen[op.Output].UnionWith(values);
                saturated[op.Output] = saturated.GetValueOrDefault(op.Output) + values.Count(v => v == 127);
            });
        foreach (var (id, values) in seen)
        {
            var t = Model.Value[id];
            // At least 64 levels, or half the values for a small tensor (the 48 logits).
            var wanted = Math.Min(64, t.Shape.ElementCount * 4 / 2);
            Assert.True(values.Count >= wanted, $"'{t.Name}' uses only {values.Count} int8 levels");
            Assert.True(saturated[id] <= t.Shape.ElementCount * 4 / 100, $"'{t.Name}' saturates {saturated[id]} times");
        }
    }

    [SharedFact]
    public void Seeded_inputs_follow_the_shared_definition()
    {
        SharedData.RequireModels();
        Assert.Equal(File.ReadAllBytes(Path.Combine(Repo.Models, "kws_ref_model", "input_prng_seed1.bin")), KwsExampleModel.Input(1));
    }
}
