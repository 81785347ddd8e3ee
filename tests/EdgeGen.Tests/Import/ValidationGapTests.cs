using System.Collections.Immutable;
using EdgeGen.Cli;
using EdgeGen.Export;
using EdgeGen.Import.TFLite;
using EdgeGen.Ir;
using EdgeGen.Ir.Ops;
using EdgeGen.Reference;
using Xunit;

namespace EdgeGen.Tests.Import;

/// <summary>
/// Models that parse but break a rule the kernels rely on. Each once crashed the importer, the
/// reference interpreter or `inspect` with an exception other than <see cref="EdgeGenException"/>;
/// now the importer (or the planner) rejects them with a message naming the culprit.
/// </summary>
public class ValidationGapTests
{
    private static readonly Quantization Q = Quantization.PerTensor(0.1f, 0);

    [Fact]
    public void Zero_point_outside_the_int8_range()
    {
        var e = ImportError(Pool(Quantization.PerTensor(0.1f, 1000), Activation.Relu));
        Assert.Contains("'y'", e.Message);
        Assert.Contains("zero point 1000", e.Message);
    }

    [Fact]
    public void Tiny_output_scale_with_a_fused_relu6_runs()
    {
        // 3 + 6 / 1e-30 does not fit an int: the activation range must saturate, not wrap around.
        var graph = Import(Pool(Quantization.PerTensor(1e-30f, 3), Activation.Relu6));
        var output = ReferenceInterpreter.Run(graph, new[] { new byte[] { 5, 6, 7, 8 } })[0];
        Assert.Equal(new byte[] { 7 }, output); // (5 + 6 + 7 + 8) / 4 rounded half away from zero
    }

    [Theory]
    [InlineData("DEPTHWISE_CONV_2D")]
    [InlineData("FULLY_CONNECTED")]
    public void Float_operator_with_an_int8_bias(string kind)
    {
        var g = new GraphBuilder("float_bias");
        var x = g.Input("x", new Shape(1, 1, 1, 4), DataType.Float32);
        var bias = g.Constant("b", new Shape(4), DataType.Int8, new byte[4], Q);
        var y = g.Activation("y", kind == "FULLY_CONNECTED" ? new Shape(1, 4) : new Shape(1, 1, 1, 4), DataType.Float32);
        if (kind == "FULLY_CONNECTED")
        {
            var w = g.Constant<float>("w", new Shape(4, 4), DataType.Float32, new float[16]);
            g.Add(new FullyConnected(Ids(x, w, bias), Ids(y), Activation.None, false));
        }
        else
        {
            var w = g.Constant<float>("w", new Shape(1, 1, 1, 4), DataType.Float32, new float[4]);
            g.Add(new DepthwiseConv2D(Ids(x, w, bias), Ids(y), new Window2D(Padding.Valid, 1, 1), 1, Activation.None));
        }
        g.Output(y);
        var e = ImportError(g.Build());
        Assert.Contains($"{kind}: tensor 'b' is int8, expected float32", e.Message);
    }

    [Fact]
    public void Squeeze_without_inputs()
    {
        var g = new GraphBuilder("squeeze");
        var x = g.Input("x", new Shape(1, 4), DataType.Int8, Q);
        var y = g.Activation("y", new Shape(4), DataType.Int8, Q);
        g.Add(new RawOperator("SQUEEZE", ImmutableArray<int>.Empty, Ids(y)));
        g.Output(y);
        g.Output(x);
        var e = ImportError(g.Build());
        Assert.Contains("operator #0", e.Message);
        Assert.Contains("RESHAPE: expects 1..2 inputs, has 0", e.Message);
    }

    [Fact]
    public void Activations_needing_more_than_2_GiB_at_once_are_reported_by_inspect()
    {
        // Three int8 tensors of 1,048,576,000 bytes (each under the 1 GiB limit) alive together.
        var g = new GraphBuilder("huge");
        var shape = new Shape(1, 1024, 1024, 1000);
        var a = g.Input("a", shape, DataType.Int8, Q);
        var b = g.Input("b", shape, DataType.Int8, Q);
        var c = g.Activation("c", shape, DataType.Int8, Q);
        g.Add(new Add(Ids(a, b), Ids(c), Activation.None));
        g.Output(c);
        var graph = Import(g.Build());
        var e = Assert.Throws<EdgeGenException>(() => ModelReport.Build(graph));
        Assert.Contains("more than 2147483647 bytes", e.Message);
    }

    // ---- helpers ----

    private sealed record RawOperator(string Name, ImmutableArray<int> Inputs, ImmutableArray<int> Outputs) : Operator(Inputs, Outputs)
    {
        public override string Kind => Name;
        public override void Validate(Graph graph) { }
    }

    /// <summary>AVERAGE_POOL_2D 2x2 over an int8 [1,2,2,1] input, with the given output quantization and activation.</summary>
    private static Graph Pool(Quantization outputQuantization, Activation activation)
    {
        var g = new GraphBuilder("pool");
        var x = g.Input("x", new Shape(1, 2, 2, 1), DataType.Int8, outputQuantization.ZeroPoint is >= -128 and <= 127 ? outputQuantization : Q);
        var y = g.Activation("y", new Shape(1, 1, 1, 1), DataType.Int8, outputQuantization);
        g.Add(new AveragePool2D(Ids(x), Ids(y), new Window2D(Padding.Valid, 2, 2), 2, 2, activation));
        g.Output(y);
        return g.Build();
    }

    private static ImmutableArray<int> Ids(params int[] ids) => ids.ToImmutableArray();

    private static Graph Import(Graph g) => TfliteImporter.Read(TfliteWriter.Write(g), g.Name + ".tflite", g.Name);

    private static EdgeGenException ImportError(Graph g) => Assert.Throws<EdgeGenException>(() => Import(g));
}
