using EdgeGen.Import.TFLite;
using EdgeGen.Pipeline;
using EdgeGen.Targets;
using EdgeGen.Tests.Support;
using Xunit;

namespace EdgeGen.Tests.Firmware;

/// <summary>
/// `run --profile` on Cortex-A: the profiling build (a mark after every operator, counted by the QEMU plugin)
/// stays bit-exact, reports one count per operator, and its per-operator counts add up to the unprofiled
/// build's whole-inference count (an independent run) within the marks it subtracted.
/// </summary>
public class CortexAProfileTests
{
    [SharedFact]
    public void Kws_profile_on_cortex_a72_adds_up_to_the_unprofiled_count()
    {
        SharedData.RequireModels();
        var graph = TfliteImporter.Load(SharedModels.ModelPath("kws_ref_model"));
        var target = TargetCatalog.Find("cortex-a72");
        var input = File.ReadAllBytes(SharedModels.Cases("kws_ref_model").First().InputPath);
        using var dir = new TempDirectory();
        var plain = Compiler.Run(graph, target, new[] { input }, dir.File("plain"));
        var profiled = Compiler.Run(graph, target, new[] { input }, dir.File("profiled"), options: new CompileOptions(Profile: true));

        Assert.True(plain.MatchesReference && profiled.MatchesReference);
        var profile = profiled.Measurement.Profile ?? throw new Xunit.Sdk.XunitException("no per-operator profile");
        Assert.Equal(graph.Operators.Length, profile.LayerInstructions.Count);
        Assert.InRange(profile.MarkInstructions, 1, 40);
        for (var i = 0; i < graph.Operators.Length; i++)
            if (graph.Operators[i].Macs(graph) > 0)
                Assert.True(profile.LayerInstructions[i] >= graph.Operators[i].Macs(graph) / 16, $"operator {i}: {profile.LayerInstructions[i]} instructions");
        var whole = plain.Measurement.Instructions!.Value;
        Assert.InRange(profile.LayerInstructions.Sum(), whole - profile.MarkInstructions * graph.Operators.Length, whole + profile.MarkInstructions * graph.Operators.Length);
    }
}
