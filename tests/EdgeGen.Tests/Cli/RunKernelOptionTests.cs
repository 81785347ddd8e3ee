using EdgeGen.Examples;
using EdgeGen.Tests.Support;
using Xunit;

namespace EdgeGen.Tests.Cli;

/// <summary>
/// `edgegen run --kernel KIND=VARIANT`, how a variant the cost model does not pick is measured: a malformed value and a
/// variant that does not apply are errors that say what to write; a pinned variant is used (the kernel table shows it).
/// </summary>
public class RunKernelOptionTests
{
    private static readonly string ExampleModel = Path.Combine(Repo.Root, "generator", "Examples", "kws_example.tflite");

    private static EdgegenCli.Result Run(TempDirectory dir, params string[] extra)
    {
        var input = Path.Combine(dir.Path, "in.bin");
        File.WriteAllBytes(input, KwsExampleModel.Input(KwsExampleModel.DefaultSeed));
        return EdgegenCli.Run(["run", ExampleModel, "--target", "cortex-m4", "--input", input, "--output", Path.Combine(dir.Path, "out.bin"), .. extra]);
    }

    [Theory]
    [InlineData("DEPTHWISE_CONV_2D", "expected KIND=VARIANT")]
    [InlineData("depthwise_conv_2d=no_such_variant", "'no_such_variant' does not apply on cortex-m4 (applicable: dsp_direct, dsp_planar")]
    public void A_bad_value_is_an_error_that_says_what_to_write(string value, string message)
    {
        using var dir = new TempDirectory();
        var r = Run(dir, "--kernel", value);
        Assert.NotEqual(0, r.ExitCode);
        Assert.Contains(message, r.Stderr);
    }

    [Fact]
    public void A_pinned_variant_runs_bit_exact_and_is_the_one_profiled()
    {
        using var dir = new TempDirectory();
        var r = Run(dir, "--kernel", "DEPTHWISE_CONV_2D=dsp_simd4", "--profile");
        Assert.True(r.ExitCode == 0, r.ToString());
        Assert.Contains("bit-exact", r.Stdout);
        var depthwise = r.Stdout.Split('\n').Where(l => l.Contains("DEPTHWISE_CONV_2D", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(depthwise);
        Assert.All(depthwise, l => Assert.Contains("dsp_simd4", l));
    }
}
