using EdgeGen.Emit.C;
using EdgeGen.Examples;
using EdgeGen.Ir;
using EdgeGen.Pipeline;
using EdgeGen.Reference;
using EdgeGen.Targets;
using EdgeGen.Tests.Support;
using Xunit;

namespace EdgeGen.Tests.Firmware;

/// <summary>
/// The NEON ternary FULLY_CONNECTED kernels, each pinned, built with aarch64-linux-gnu-gcc and run
/// under qemu-aarch64 on the three Cortex-A cores, equal the reference interpreter bit for bit on
/// layers that drive every path: odd sizes (partial 8-row blocks, K not a multiple of 3), 128-row
/// blocks with a tail, all-zero rows, more than 85 groups of the largest sums (the int16 widening
/// bound), two trit planes, batches, 1x1 CONV_2D over pixels, and outputs saturated by a tiny output scale or an activation.
/// </summary>
public class NeonTernaryKernelTests
{
    private static readonly string[] Cores = { "cortex-a53", "cortex-a72", "cortex-a76" };

    /// <summary>The layers, each with its input: seeded bytes, or one byte everywhere.</summary>
    public static IEnumerable<(string Name, TernaryLayerSpec Spec, byte? Fill)> Layers()
    {
        yield return ("odd_13x29_batch2_zero_rows", new TernaryLayerSpec(13, 29, Batches: 2, Seed: 3, MaxQ: 50, ZeroRows: 5), null);
        yield return ("block128_tail_150x100", new TernaryLayerSpec(150, 100, Seed: 4, MaxQ: 9, ZeroRows: 7), null);
        // every input -128 under +1 trits only: each group sums to -384, 200 groups > 85 (the int16 bound)
        yield return ("largest_sums_9x600", new TernaryLayerSpec(9, 600, Seed: 5, ZeroShare: 0, PlusOnly: true, OutputScale: 40f), 0x80);
        yield return ("saturated_relu6_24x77", new TernaryLayerSpec(24, 77, Seed: 6, MaxQ: 127 / 2, OutputScale: 0.002f, Activation: Activation.Relu6), null);
        yield return ("two_planes_20x50", new TernaryLayerSpec(20, 50, Seed: 8, MaxQ: 40, Planes: 2, ZeroRows: 6), null);
        yield return ("one_weight_1x1", new TernaryLayerSpec(1, 1, Seed: 9), null);
        yield return ("sparse_136x260", new TernaryLayerSpec(136, 260, Seed: 10, ZeroShare: 0.8, MaxQ: 3), null);
        // 1x1 CONV_2D: each of the 2 x 5 x 3 pixels one matrix-vector product
        yield return ("conv1x1_19x37_pixels", new TernaryLayerSpec(19, 37, Batches: 2, Seed: 11, MaxQ: 20, ZeroRows: 4, Height: 5, Width: 3, Activation: Activation.Relu), null);
        yield return ("conv1x1_two_planes_130x16", new TernaryLayerSpec(130, 16, Seed: 12, MaxQ: 30, Planes: 2, Height: 3, Width: 4), null);
        // the dot-product kernel's paths: depth a multiple of 64 read in place (no padded copy), 96-row blocks then an 8-row block
        yield return ("blocks96_200x128", new TernaryLayerSpec(200, 128, Seed: 13, MaxQ: 5, ZeroRows: 3), null);
        // depth 48: only steps of 16 inputs; 40 rows: a 32-row block and an 8-row block; multipliers all 1 (no multiplies)
        yield return ("steps16_40x48_batch3", new TernaryLayerSpec(40, 48, Batches: 3, Seed: 14, Activation: Activation.Relu), null);
    }

    public static IEnumerable<object[]> Cases() =>
        from layer in Layers()
        from variant in new[] { "neon-ternary-lut", "neon-ternary-unrolled", "neon-ternary-dot" }
        where variant != "neon-ternary-unrolled" || UnrolledApplies(layer.Spec)
        from core in Cores
        where variant != "neon-ternary-dot" || TargetCatalog.Find(core).Has("dotprod")
        select new object[] { layer.Name, variant, core };

    /// <summary>The dot-product kernel is offered only where sdot exists (cortex-a76), and the cost model prefers it there on a large layer.</summary>
    [Fact]
    public void Dot_kernel_applies_only_with_dotprod()
    {
        var graph = TernaryLayerExample.Create(new TernaryLayerSpec(256, 256));
        foreach (var core in new[] { "cortex-a53", "cortex-a72" })
            Assert.DoesNotContain(KernelSelection.Choose(graph, 0, TargetCatalog.Find(core)).Options, o => o.Name == "neon-ternary-dot");
        Assert.Equal("neon-ternary-dot", KernelSelection.Choose(graph, 0, TargetCatalog.Find("cortex-a76")).Variant);
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Ternary_kernel_matches_reference(string name, string variant, string core)
    {
        var (_, spec, fill) = Layers().Single(l => l.Name == name);
        var graph = TernaryLayerExample.Create(spec);
        var input = TernaryLayerExample.Input(spec);
        if (fill is { } f) Array.Fill(input, f);
        var run = RunPinned(graph, input, variant, TargetCatalog.Find(core));
        Assert.Equal(ReferenceInterpreter.Run(graph, new[] { input })[0], run.Measurement.Outputs[0]);
    }

    /// <summary>The unrolled kernel is tested on the layers small enough for it (its code grows with the non-zero trits).</summary>
    private static bool UnrolledApplies(TernaryLayerSpec spec)
    {
        var graph = TernaryLayerExample.Create(spec);
        return KernelSelection.Choose(graph, 0, TargetCatalog.Find("cortex-a72")).Options.Any(o => o.Name == "neon-ternary-unrolled");
    }

    /// <summary>Runs the graph with its FULLY_CONNECTED and CONV_2D pinned to the variant, asserts the variant was used and the output matches.</summary>
    internal static FirmwareRun RunPinned(Graph graph, byte[] input, string variant, TargetSpec target)
    {
        using var dir = new TempDirectory();
        var kinds = graph.Operators.Select(op => op.Kind).Where(k => k is "FULLY_CONNECTED" or "CONV_2D").Distinct().ToList();
        var overrides = new KernelOverrides(kinds.ToDictionary(k => k, _ => variant));
        var run = Compiler.Run(graph, target, new[] { input }, dir.Path, options: new CompileOptions(overrides));
        Assert.All(run.Project.Model.Kernels.Where((_, i) => kinds.Contains(graph.Operators[i].Kind)), k => Assert.Equal(variant, k.Variant));
        Assert.True(run.MatchesReference, $"{graph.Name} on {target.Name} with {variant} differs from the reference");
        return run;
    }
}

/// <summary>
/// A real network ternarized by the project's own quantize path (ad01's autoencoder of FULLY_CONNECTED layers,
/// BitNet's absmean: one trit plane; trit planes: two) runs on the three Cortex-A cores bit-exact with the reference
/// interpreter, with every FULLY_CONNECTED on the table-lookup kernel, and with the cost model's choice per layer.
/// </summary>
public class NeonTernaryModelTests
{
    public static IEnumerable<object[]> Cases() =>
        from method in new[] { EdgeGen.Ptq.TernaryMethod.AbsMean, EdgeGen.Ptq.TernaryMethod.TritPlanes }
        from core in new[] { "cortex-a53", "cortex-a72", "cortex-a76" }
        select new object[] { method, core };

    [SharedTheory]
    [MemberData(nameof(Cases))]
    public void Ternarized_float_model_runs_bit_exact_on_ternary_kernels(EdgeGen.Ptq.TernaryMethod method, string core)
    {
        SharedData.RequireModels();
        var pair = FloatModels.Get("ad01_fp32");
        var fp = pair.LoadFloat();
        var (min, max) = FloatModels.InputRange(pair.LoadInt8());
        var n = fp[fp.Inputs[0]].Shape.ElementCount;
        var calibration = EdgeGen.Ptq.InputSets.Seeded(EdgeGen.Ptq.InputSets.SeededCalibrationBase, 4, n, min, max);
        var written = EdgeGen.Export.TfliteWriter.Write(EdgeGen.Ptq.TernaryQuantizer.Quantize(fp, method, calibration));
        var q = EdgeGen.Import.TFLite.TfliteImporter.Read(written, $"ad01.{method}", fp.Name);
        var input = EdgeGen.Ptq.ModelRunner.QuantizeValues(EdgeGen.Ptq.InputSets.Seeded(EdgeGen.Ptq.InputSets.SeededEvaluationBase, 1, n, min, max)[0], q[q.Inputs[0]]);

        Assert.Equal(10, q.Operators.Count(op => op.Kind == "FULLY_CONNECTED"));
        NeonTernaryKernelTests.RunPinned(q, input, "neon-ternary-lut", TargetCatalog.Find(core));
        if (TargetCatalog.Find(core).Has("dotprod")) NeonTernaryKernelTests.RunPinned(q, input, "neon-ternary-dot", TargetCatalog.Find(core));

        using var dir = new TempDirectory();
        var chosen = Compiler.Run(q, TargetCatalog.Find(core), new[] { input }, dir.Path);
        Assert.True(chosen.MatchesReference, $"ad01 ({method}) on {core} with the cost model's kernels differs from the reference");
    }
}
