using EdgeGen.Emit.C;
using EdgeGen.Examples;
using EdgeGen.Ir;
using EdgeGen.Pipeline;
using EdgeGen.Planning;
using EdgeGen.Planning.Patches;
using EdgeGen.Targets;
using Xunit;

namespace EdgeGen.Tests.Patches;

/// <summary>
/// Patched graphs choose kernels RAM first, but not at any price: the scratch-free DSP depthwise and the DSP
/// convolutions (whose im2col columns are a few hundred bytes) stay, within the tolerance over the lean arena.
/// </summary>
public class PatchedKernelChoiceTests
{
    private static readonly Lazy<Graph> MobileNetV2 = new(() => MobileNetV2ExampleModel.Build());

    [Fact]
    public void Patched_mobilenetv2_on_cortex_m4_keeps_the_dsp_convolutions_and_depthwise()
    {
        var model = ModelPlanning.Create(MobileNetV2.Value, TargetCatalog.Find("cortex-m4"), new PatchOptions(PatchRequest.Auto));
        Assert.NotNull(model.Patches);
        var stage = model.Graph.Operators.Select((op, i) => (op.Kind, model.Choices[i].Variant))
            .Where(c => c.Kind is "CONV_2D" or "DEPTHWISE_CONV_2D").ToList();
        Assert.NotEmpty(stage);
        Assert.All(stage, c => Assert.NotEqual("generic", c.Variant));
    }

    [Fact]
    public void The_fast_kernels_raise_the_arena_by_at_most_the_tolerance()
    {
        var target = TargetCatalog.Find("cortex-m4");
        var model = ModelPlanning.Create(MobileNetV2.Value, target, new PatchOptions(PatchRequest.Auto));
        var patched = model.Patches!;
        var lean = MemoryPlanner.Plan(patched.Graph, i => model.Choices[i].Options.Min(o => o.ScratchBytes), views: patched.Views).ArenaBytes;
        Assert.InRange(model.Plan.ArenaBytes, lean, lean + lean * PatchedKernelChoices.ArenaTolerancePercent / 100);
    }
}
