using EdgeGen.Pipeline;
using EdgeGen.Ptq;
using EdgeGen.Targets;
using EdgeGen.Tests.Support;
using Xunit;

namespace EdgeGen.Tests.Kernels;

/// <summary>
/// The anomaly-detection autoencoder ternarized with the project's own quantize path runs with the unrolled ternary
/// kernels (chosen by the cost model, not pinned) bit-exact with the reference interpreter, on the host and in QEMU.
/// </summary>
public class TernarizedModelKernelTests
{
    [SharedTheory]
    [InlineData(TernaryMethod.Twn, "host")]
    [InlineData(TernaryMethod.TritPlanes, "host")]
    [InlineData(TernaryMethod.Twn, "cortex-m4")]
    [InlineData(TernaryMethod.TritPlanes, "cortex-m4")]
    public void Ad01_ternarized_runs_the_ternary_kernels_bit_exact(TernaryMethod method, string target)
    {
        var q = TernarizedModels.Load("ad01_fp32", method);
        var spec = TargetCatalog.Find(target);
        var input = new byte[q[q.Inputs[0]].ByteSize];
        new Random(3).NextBytes(input);
        var dir = Path.Combine(Path.GetTempPath(), $"edgegen-ternarized-{method}-{target}-{Guid.NewGuid():N}");
        var run = Compiler.Run(q, spec, [input], dir);
        // Every layer can run a ternary kernel; the cost model may still give a small one to a faster
        // int8 kernel (a DSP fully connected beats the unrolled code on a few units), but the bulk of the
        // multiply-accumulates must go through ternary kernels.
        var choices = run.Project.Model.Choices;
        Assert.All(choices, c => Assert.Contains(c.Options, o => o.Name.StartsWith("ternary_", StringComparison.Ordinal)));
        var macs = q.Operators.Select(op => op.Macs(q)).ToArray();
        var ternaryMacs = choices.Select((c, i) => c.Variant.StartsWith("ternary_", StringComparison.Ordinal) ? macs[i] : 0).Sum();
        Assert.True(ternaryMacs >= 0.9 * macs.Sum(), $"only {ternaryMacs:N0} of {macs.Sum():N0} MACs run on ternary kernels: {string.Join(", ", choices.Select(c => c.Variant))}");
        Assert.True(run.MatchesReference, $"ad01 {method} on {target} differs from the reference (project kept at {dir})");
        Directory.Delete(dir, recursive: true);
    }
}
