using System.Collections.Immutable;
using EdgeGen.Ir;
using EdgeGen.Ir.Ops;

namespace EdgeGen.Examples;

/// <summary>
/// The float layers the seeded example networks are built from: weights drawn from xorshift32 in
/// [-1, 1), zero biases (calibration sets them), and the pooled classifier head. The order of the
/// draws is part of each model's definition: the same seed gives the same network.
/// </summary>
internal static class FloatLayers
{
    public static int Conv(GraphBuilder g, XorShift32 rng, string name, string outputName, int x, Shape output, Shape filter, Window2D window, Activation activation)
    {
        var weights = RandomConstant(g, rng, name + "/weights", filter);
        var bias = ZeroBias(g, name, filter[0]);
        var y = g.Activation(outputName, output, DataType.Float32);
        g.Add(new Conv2D(Ids(x, weights, bias), Ids(y), window, activation));
        return y;
    }

    public static int Depthwise(GraphBuilder g, XorShift32 rng, string name, string outputName, int x, Shape output, Window2D window, Activation activation)
    {
        var channels = output[3];
        var weights = RandomConstant(g, rng, name + "/weights", new Shape(1, 3, 3, channels));
        var bias = ZeroBias(g, name, channels);
        var y = g.Activation(outputName, output, DataType.Float32);
        g.Add(new DepthwiseConv2D(Ids(x, weights, bias), Ids(y), window, 1, activation));
        return y;
    }

    /// <summary>Global average pool, flatten, a fully connected layer to the classes and softmax; returns the probabilities.</summary>
    public static int ClassifierHead(GraphBuilder g, XorShift32 rng, int x, Shape shape, int classes)
    {
        var channels = shape[3];
        var pooled = g.Activation("pool", new Shape(1, 1, 1, channels), DataType.Float32);
        g.Add(new AveragePool2D(Ids(x), Ids(pooled), new Window2D(Padding.Valid, 1, 1), shape[1], shape[2], Activation.None));
        var flatShape = g.Constant<int>("flatten/shape", new Shape(2), DataType.Int32, new[] { 1, channels });
        var flat = g.Activation("flatten", new Shape(1, channels), DataType.Float32);
        g.Add(new Reshape(Ids(pooled, flatShape), Ids(flat)));
        var fcWeights = RandomConstant(g, rng, "fc/weights", new Shape(classes, channels));
        var fcBias = g.Constant<float>("fc/bias", new Shape(classes), DataType.Float32, new float[classes]);
        var logits = g.Activation("logits", new Shape(1, classes), DataType.Float32);
        g.Add(new FullyConnected(Ids(flat, fcWeights, fcBias), Ids(logits), Activation.None, KeepNumDims: false));
        var probabilities = g.Activation("probabilities", new Shape(1, classes), DataType.Float32);
        g.Add(new Softmax(Ids(logits), Ids(probabilities), 1f));
        return probabilities;
    }

    private static int ZeroBias(GraphBuilder g, string name, int channels) =>
        g.Constant<float>(name + "/bias", new Shape(channels), DataType.Float32, new float[channels]);

    private static int RandomConstant(GraphBuilder g, XorShift32 rng, string name, Shape shape)
    {
        var values = new float[shape.ElementCount];
        for (var i = 0; i < values.Length; i++) values[i] = rng.NextSignedUnit();
        return g.Constant<float>(name, shape, DataType.Float32, values);
    }

    public static ImmutableArray<int> Ids(params int[] ids) => ids.ToImmutableArray();
}
