using System.Collections.Immutable;
using EdgeGen.Emit.C;
using EdgeGen.Ir;
using EdgeGen.Ir.Ops;
using EdgeGen.Targets;
using EdgeGen.Tests.Support;
using Xunit;

namespace EdgeGen.Tests.Kernels;

/// <summary>
/// Layers that differ only in their tables (repeated blocks) share one copy of their kernel's code, reading the tables
/// through pointers set before each call, and stay bit-exact; variants that do not opt in keep their own code.
/// </summary>
public class LayerSharingTests
{
    /// <summary>Three 1x1 convolutions of one geometry with their own weights, then one of another geometry.</summary>
    private static Graph Repeats()
    {
        var b = new KernelGraphBuilder("shared_layers", 41);
        var pointwise = new Window2D(Padding.Valid, 1, 1, 1, 1);
        var shape = new Shape(1, 3, 5, 128);
        var x = b.Input(shape, 0.02f, -5);
        for (var layer = 0; layer < 3; layer++)
        {
            var w = b.Weights(new Shape(128, 1, 1, 128), 0, true);
            var y = b.Activation(shape, 0.05f, 2);
            b.Op(new Conv2D(ImmutableArray.Create(x, w, b.Bias(128)), ImmutableArray.Create(y), pointwise, Activation.Relu));
            x = y;
        }
        var last = b.Activation(new Shape(1, 3, 5, 16), 0.05f, 2);
        b.Op(new Conv2D(ImmutableArray.Create(x, b.Weights(new Shape(16, 1, 1, 128), 0, true), b.Bias(16)), ImmutableArray.Create(last), pointwise, Activation.None));
        b.Output(last);
        return b.Build();
    }

    [Fact]
    public void Repeated_layers_define_their_code_once_and_their_tables_each()
    {
        var model = CModel.Create(Repeats(), KernelCheck.Host("dsp"));
        var source = CModelRenderer.Source(model);
        // Layers whose code is the same text but for the tables (same scratch offset, same aliasing of input and
        // output) call one function: fewer functions than layers, every call to a defined one, every table kept.
        var defined = System.Text.RegularExpressions.Regex.Matches(source, @"EG_KERNEL void (op\d+_conv_2d)\(").Select(m => m.Groups[1].Value).ToList();
        var called = System.Text.RegularExpressions.Regex.Matches(source, @"(?<!void )\b(op\d+_conv_2d)\((?!const)").Select(m => m.Groups[1].Value).ToList();
        Assert.True(defined.Count < 4, $"every layer has its own code:\n{source}");
        Assert.Equal(4, called.Count);
        Assert.All(called, f => Assert.Contains(f, defined));
        Assert.Contains("op3_conv_2d", defined);
        foreach (var layer in new[] { 0, 1, 2, 3 })
            Assert.Matches($@"static const EG_ALIGNED int8_t op{layer}_weights\[", source);
    }

    [Fact]
    public void Shared_code_is_exact_on_the_host() => KernelCheck.Run(Repeats(), KernelCheck.Host("dsp"), "CONV_2D", "dsp_2x2");

    [Theory]
    [InlineData("cortex-m4")]
    [InlineData("cortex-m33")]
    public void Shared_code_is_exact_in_qemu(string target) => KernelCheck.Run(Repeats(), TargetCatalog.Find(target), "CONV_2D", "dsp_2x2");

    [Fact]
    public void Variants_that_do_not_opt_in_keep_their_own_code()
    {
        var source = CModelRenderer.Source(CModel.Create(Repeats(), KernelCheck.Host(), new KernelOverrides(new Dictionary<string, string> { ["CONV_2D"] = "generic" })));
        foreach (var layer in new[] { 0, 1, 2 })
            Assert.Matches($@"EG_KERNEL void op{layer}_conv_2d\(", source);
    }
}
