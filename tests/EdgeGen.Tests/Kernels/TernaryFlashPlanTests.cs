using System.Collections.Immutable;
using EdgeGen.Emit.C;
using EdgeGen.Ir;
using EdgeGen.Ir.Ops;
using EdgeGen.Pipeline;
using EdgeGen.Targets;
using EdgeGen.Tests.Support;
using Xunit;

namespace EdgeGen.Tests.Kernels;

/// <summary>
/// The model's flash plan: on a target with room, ternary layers keep their fastest (unrolled) kernel; on a small-flash
/// target the large layer switches to the packed lookup kernel, the model's estimated kernels fit the budget, and the
/// firmware still links and runs bit-exact with the reference interpreter.
/// </summary>
public class TernaryFlashPlanTests
{
    /// <summary>512 → 256 → 64, both ternary (40% zeros): the first layer's unrolled code is about 300 KB, the second's about 40 KB.</summary>
    private static Graph TwoLayers()
    {
        var b = new KernelGraphBuilder("ternary_flash_plan", 5);
        var x = b.Input(new Shape(1, 512), 0.02f, -3);
        var h = b.Activation(new Shape(1, 256), 0.3f, -128);
        var y = b.Activation(new Shape(1, 64), 0.4f, 2);
        b.Op(new FullyConnected(ImmutableArray.Create(x, b.Weights(new Shape(256, 512), 0, true, Trits(b.Rng, 256 * 512)), b.Bias(256)),
            ImmutableArray.Create(h), Activation.Relu, false));
        b.Op(new FullyConnected(ImmutableArray.Create(h, b.Weights(new Shape(64, 256), 0, true, Trits(b.Rng, 64 * 256)), b.Bias(64)),
            ImmutableArray.Create(y), Activation.None, false));
        b.Output(y);
        return b.Build();
    }

    private static sbyte[] Trits(Random rng, int n) => Enumerable.Range(0, n).Select(_ => (sbyte)(rng.NextDouble() < 0.4 ? 0 : rng.Next(2) == 0 ? 1 : -1)).ToArray();

    private static TargetSpec SmallFlash(string flash)
    {
        var m4 = TargetCatalog.Find("cortex-m4");
        return m4 with { Memory = m4.Memory! with { FlashLength = flash } };
    }

    [Fact]
    public void With_room_every_ternary_layer_stays_unrolled()
    {
        var g = TwoLayers();
        var choices = CModel.ChooseKernels(g, TargetCatalog.Find("cortex-m4"));
        Assert.All(choices, c => Assert.StartsWith("ternary_simd16", c.Variant));
    }

    [Fact]
    public void On_small_flash_the_large_layer_goes_packed_and_the_kernels_fit()
    {
        var g = TwoLayers();
        var target = SmallFlash("256K");
        var choices = CModel.ChooseKernels(g, target);
        Assert.Equal("ternary_packed_lut", choices[0].Variant);
        Assert.Contains("flash budget", choices[0].Reason);
        Assert.StartsWith("ternary_simd16", choices[1].Variant);
        Assert.True(choices.Sum(c => c.Chosen.FlashBytes) <= FlashBudget.ForKernels(target));
    }

    [Fact]
    public void On_tiny_flash_both_layers_give_way()
    {
        var choices = CModel.ChooseKernels(TwoLayers(), SmallFlash("64K"));
        Assert.All(choices, c => Assert.DoesNotContain("simd16", c.Variant));
    }

    [Fact]
    public void On_small_flash_the_plan_links_and_runs_bit_exact_in_qemu()
    {
        var g = TwoLayers();
        var target = SmallFlash("256K");
        var input = KernelGraphBuilder.RandomInput(g, 0, new Random(11));
        var dir = Path.Combine(Path.GetTempPath(), $"edgegen-flash-plan-{Guid.NewGuid():N}");
        var run = Compiler.Run(g, target, [input], dir);
        Assert.Equal("ternary_packed_lut", run.Project.Model.Choices[0].Variant);
        Assert.True(run.MatchesReference, $"the flash-planned model differs from the reference (project kept at {dir})");
        Directory.Delete(dir, recursive: true);
    }
}
