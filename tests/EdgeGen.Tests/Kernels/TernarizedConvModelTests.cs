using EdgeGen.Ir.Ops;
using EdgeGen.Pipeline;
using EdgeGen.Ptq;
using EdgeGen.Targets;
using EdgeGen.Tests.Support;
using Xunit;

namespace EdgeGen.Tests.Kernels;

/// <summary>
/// The keyword-spotting DS-CNN ternarized with the project's own quantize path: its CONV_2D layers (a 10x4 stride-2 first
/// layer with padding, then 1x1 pointwise layers) run ternary kernels chosen by the cost model, bit-exact with the
/// reference interpreter on the host and in QEMU.
/// </summary>
public class TernarizedConvModelTests
{
    [SharedTheory]
    [InlineData("host")]
    [InlineData("cortex-m4")]
    public void Kws_ternarized_runs_its_convolutions_on_ternary_kernels_bit_exact(string target)
    {
        var q = TernarizedModels.Load("kws_ref_model_float32", TernaryMethod.Twn);
        var input = new byte[q[q.Inputs[0]].ByteSize];
        new Random(5).NextBytes(input);
        var dir = Path.Combine(Path.GetTempPath(), $"edgegen-ternarized-kws-{target}-{Guid.NewGuid():N}");
        var run = Compiler.Run(q, TargetCatalog.Find(target), [input], dir);
        var convs = q.Operators.Select((op, i) => (op, i)).Where(p => p.op is Conv2D).Select(p => run.Project.Model.Choices[p.i].Variant).ToList();
        Assert.NotEmpty(convs);
        Assert.All(convs, v => Assert.StartsWith("ternary_", v));
        Assert.True(run.MatchesReference, $"kws twn on {target} differs from the reference (project kept at {dir})");
        Directory.Delete(dir, recursive: true);
    }
}
