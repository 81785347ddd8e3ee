using EdgeGen.Examples;
using EdgeGen.Export;
using EdgeGen.Import.TFLite;
using EdgeGen.Ir;
using EdgeGen.Ir.Ops;
using EdgeGen.Pipeline;
using EdgeGen.Planning.Patches;
using EdgeGen.Reference;
using EdgeGen.Targets;
using EdgeGen.Tests.Support;
using Xunit;

namespace EdgeGen.Tests.Examples;

/// <summary>
/// The seeded MobileNetV2-shaped example: a valid int8 network of inverted residual blocks whose
/// outputs depend on the input, and whose peak activation RAM falls at least fourfold with patches,
/// bit-exact on the host and on Cortex-M4.
/// </summary>
public class MobileNetV2ExampleModelTests
{
    private static readonly Lazy<Graph> Model = new(() => MobileNetV2ExampleModel.Build());

    [Fact]
    public void It_is_a_valid_int8_network_of_inverted_residual_blocks()
    {
        var g = Model.Value;
        GraphValidator.Validate(g, g.Name);
        Assert.Equal(new Shape(1, 96, 96, 3), g[g.Inputs[0]].Shape);
        Assert.Equal(3, g.Operators.OfType<Add>().Count());
        Assert.Equal(7, g.Operators.OfType<DepthwiseConv2D>().Count());
        Assert.All(g.Tensors.Where(t => !t.IsConstant), t => Assert.Equal(DataType.Int8, t.Type));
        var written = TfliteImporter.Read(TfliteWriter.Write(g), "mobilenetv2_example.tflite", g.Name);
        Assert.Equal(g.Operators.Length, written.Operators.Length);
    }

    [Fact]
    public void The_example_verb_writes_it_byte_for_byte()
    {
        using var dir = new TempDirectory();
        var r = EdgegenCli.Run("example", "--network", "mobilenetv2", "--out", dir.File("m.tflite"), "--input-out", dir.File("in.bin"));
        Assert.True(r.ExitCode == 0, r.ToString());
        Assert.Equal(TfliteWriter.Write(Model.Value), File.ReadAllBytes(dir.File("m.tflite")));
        Assert.Equal(MobileNetV2ExampleModel.Input(MobileNetV2ExampleModel.DefaultSeed), File.ReadAllBytes(dir.File("in.bin")));
    }

    [Fact]
    public void Different_inputs_give_different_outputs()
    {
        var g = Model.Value;
        var outputs = Enumerable.Range(1, 4).Select(s => ReferenceInterpreter.Run(g, new[] { MobileNetV2ExampleModel.Input((uint)s) })[0]).ToList();
        Assert.True(outputs.Select(o => Convert.ToHexString(o)).Distinct().Count() > 1, "the output does not depend on the input");
    }

    [Theory]
    [InlineData("host")]
    [InlineData("cortex-m4")]
    public void Patches_cut_the_peak_activation_ram_at_least_fourfold_bit_exact(string target)
    {
        var g = Model.Value;
        var spec = TargetCatalog.Find(target);
        var search = ModelPlanning.Search(g, spec, new PatchOptions(PatchRequest.Auto));
        Assert.NotNull(search.Best);
        Assert.True(search.Unpatched.ActivationBytes >= 4 * search.Best!.Ram.ActivationBytes,
            $"{search.Best.Plan}: {search.Best.Ram.ActivationBytes:N0} bytes against {search.Unpatched.ActivationBytes:N0} unpatched");
        Assert.True(search.Best.ExtraMacs <= 0);
        using var dir = new TempDirectory();
        var run = Compiler.Run(g, spec, new[] { MobileNetV2ExampleModel.Input(7) }, dir.Path, options: new CompileOptions(Patches: new PatchOptions(PatchRequest.Auto)));
        Assert.True(run.MatchesReference, $"patched {g.Name} on {target} differs from the reference");
    }
}
