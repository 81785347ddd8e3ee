using EdgeGen.Import.TFLite;
using EdgeGen.Ir;
using EdgeGen.Ir.Ops;
using EdgeGen.Passes;
using EdgeGen.Ptq;
using EdgeGen.Tests.Support;
using Xunit;

namespace EdgeGen.Tests.Passes;

/// <summary>Ternary detection on hand-built layers: one plane, two planes, all-zero channels, and layers that are not ternary.</summary>
public class TernaryDetectionTests
{
    private static TernaryLayer Detect(Operator op, Graph g) => TernaryDetection.Run(g).Single(t => t.OperatorIndex == g.Operators.IndexOf(op));

    /// <summary>A FULLY_CONNECTED with the given int8 weights [units, depth].</summary>
    private static (Graph, Operator) Fc(int units, int depth, sbyte[] weights, DataType weightType = DataType.Int8)
    {
        var b = new UnitGraphBuilder();
        var x = b.Activation(DataType.Int8, [1, depth], 0.1f, 3);
        var w = weightType == DataType.Int8
            ? b.Constant(DataType.Int8, [units, depth], weights, Calibration.PerAxis(Enumerable.Repeat(0.05f, units), 0))
            : b.Constant(DataType.Float32, [units, depth], weights.Select(v => (float)v).ToArray());
        var y = b.Activation(DataType.Int8, [1, units], 0.2f, -1);
        if (weightType != DataType.Int8) { x = b.Activation(DataType.Float32, [1, depth]); y = b.Activation(DataType.Float32, [1, units]); }
        var op = new FullyConnected([x, w], [y], Activation.None, KeepNumDims: false);
        return (b.Op(op).Build([x], [y]), op);
    }

    private static void AssertPlanesRebuildWeights(Graph g, TernaryLayer t)
    {
        var op = g.Operators[t.OperatorIndex];
        var filter = g[op.Inputs[1]];
        var w = filter.Int8Data.ToArray();
        for (var i = 0; i < w.Length; i++)
        {
            var c = WeightAxis.ChannelOf(filter.Shape, t.ChannelAxis, i);
            Assert.Equal(w[i], t.Planes.Sum(p => p.Trits[i] * p.Multipliers[c]));
            Assert.All(t.Planes, p => Assert.InRange(p.Trits[i], -1, 1));
        }
    }

    [Fact]
    public void One_plane_with_a_q_per_channel_and_an_all_zero_channel()
    {
        // Three channels of five weights: {-1,0,1}, all zero, {-7,0,7}.
        var (g, op) = Fc(3, 5, [1, 0, -1, 1, 1, 0, 0, 0, 0, 0, -7, 7, 0, 0, -7]);
        var t = Detect(op, g);
        Assert.True(t.IsTernary, t.Reason);
        Assert.Single(t.Planes);
        Assert.Equal(new[] { 1, 0, 7 }, t.Planes[0].Multipliers);
        Assert.Equal(8 / 15.0, t.Sparsity, 9);
        AssertPlanesRebuildWeights(g, t);
        Assert.Equal("ternary, q=1..7, sparsity 53.3%", t.Describe());
    }

    [Fact]
    public void All_zero_layer_is_one_empty_plane()
    {
        var (g, op) = Fc(2, 3, new sbyte[6]);
        var t = Detect(op, g);
        Assert.True(t.IsTernary);
        Assert.Equal(1.0, t.Sparsity);
        Assert.Equal(new[] { 0, 0 }, t.Planes[0].Multipliers);
    }

    [Fact]
    public void Two_planes_balanced_ternary_and_free_ratios()
    {
        // Channel 0: every value of 3*t1 + t2 (-4..4); channel 1: 10*t1 + 3*t2 uses 13, 7, 10, 3;
        // channel 2: a single magnitude (one plane suffices, the second multiplier is 0).
        var (g, op) = Fc(3, 9, [-4, -3, -2, -1, 0, 1, 2, 3, 4, 13, -7, 10, 3, 0, 0, -13, 7, -3, 5, -5, 0, 0, 5, 5, 0, 0, 0]);
        var t = Detect(op, g);
        Assert.True(t.IsTernary, t.Reason);
        Assert.Equal(2, t.Planes.Length);
        Assert.Equal(new[] { new[] { 3, 1 }, new[] { 10, 3 }, new[] { 5, 0 } }, t.ChannelMultipliers);
        AssertPlanesRebuildWeights(g, t);
    }

    [Fact]
    public void Two_planes_prefer_the_fewest_nonzero_trits()
    {
        // {1, 3}: (3, 1) writes each value with one trit; (2, 1) would need two for every 3.
        var (g, op) = Fc(1, 4, [3, -3, 1, 3]);
        var t = Detect(op, g);
        Assert.Equal(new[] { new[] { 3, 1 } }, t.ChannelMultipliers);
        Assert.Equal(4, t.Planes.Sum(p => p.NonZero));
    }

    [Fact]
    public void Layers_that_are_not_ternary_are_refused_with_the_reason()
    {
        var (g, op) = Fc(2, 6, [1, 2, 3, 4, 5, 6, 1, 0, -1, 0, 1, 0]);
        var t = Detect(op, g);
        Assert.False(t.IsTernary);
        Assert.Contains("channel 0 has 6 distinct magnitudes", t.Reason);
        Assert.Empty(t.Planes);

        // Four magnitudes that no two planes produce: 1, 2, 4, 8.
        (g, op) = Fc(1, 4, [1, 2, 4, 8]);
        Assert.Contains("not q1, q2, q1+q2", Detect(op, g).Reason);

        (g, op) = Fc(1, 3, [1, 0, -1], DataType.Float32);
        Assert.Equal("float32 weights", Detect(op, g).Reason);
    }

    [Fact]
    public void Depthwise_channels_are_the_last_axis()
    {
        var b = new UnitGraphBuilder();
        var x = b.Activation(DataType.Int8, [1, 3, 3, 2], 0.1f, 0);
        // [1,1,3,2]: channel 0 takes the even elements (2, 0, -2), channel 1 the odd ones (5, -5, 0).
        var w = b.Constant(DataType.Int8, [1, 1, 3, 2], new sbyte[] { 2, 5, 0, -5, -2, 0 }, Calibration.PerAxis([0.1f, 0.2f], 3));
        var y = b.Activation(DataType.Int8, [1, 3, 1, 2], 0.1f, 0);
        var op = new DepthwiseConv2D([x, w], [y], new Window2D(Padding.Valid, 1, 1), 1, Activation.None);
        var g = b.Op(op).Build([x], [y]);
        var t = Detect(op, g);
        Assert.Equal(new[] { 2, 5 }, t.Planes[0].Multipliers);
        AssertPlanesRebuildWeights(g, t);
    }

    [SharedFact]
    public void No_weighted_layer_of_the_real_int8_models_is_ternary_except_one_weight_channels()
    {
        SharedData.RequireModels();
        foreach (var name in SharedModels.ModelNames())
        {
            var g = TfliteImporter.Load(SharedModels.ModelPath(name));
            foreach (var t in TernaryDetection.Run(g))
            {
                var filter = g[g.Operators[t.OperatorIndex].Inputs[1]];
                // Only a channel of one weight (hello_world's first layer) is trivially ternary.
                Assert.Equal(filter.Shape.ElementCount / t.Channels == 1, t.IsTernary);
            }
        }
    }
}
