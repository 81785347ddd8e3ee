using EdgeGen.Ir;
using EdgeGen.Ir.Ops;

namespace EdgeGen.Examples;

/// <summary>
/// A keyword-spotting network shaped like MLPerf Tiny's DS-CNN, but smaller, built from a seed:
/// input [1,49,10,1] int8 (49 frames x 10 MFCC features) -> CONV_2D 10x4 stride 2 -> 4 blocks of
/// DEPTHWISE_CONV_2D 3x3 + CONV_2D 1x1 (RELU, per-channel int8 weights, int32 biases) ->
/// AVERAGE_POOL_2D -> RESHAPE -> FULLY_CONNECTED to 12 classes -> SOFTMAX (scale 1/256, zp -128).
/// <para>
/// The weights are random but not arbitrary (see <see cref="SeededQuantization"/>): a float
/// version of the network runs on seeded calibration inputs one layer at a time, each layer's
/// pre-activations are normalized per channel, the weights quantized symmetric per channel, and
/// the layer's output range sets its int8 scale and zero point. The classifier's logits are
/// normalized per class across inputs to a spread of <see cref="LogitSpread"/>, so different
/// inputs win different classes and the softmax neither saturates nor stays constant. Everything
/// is plain float arithmetic from xorshift32: the same seed gives the same bytes on every machine.
/// </para>
/// </summary>
public static class KwsExampleModel
{
    public const uint DefaultSeed = 1;
    public const int Channels = 32;
    public const int Blocks = 4;
    public const int Classes = 12;
    public const int CalibrationInputs = 32;
    public const uint CalibrationSeedBase = 1000;
    public const float LogitSpread = 2f;

    public static readonly Shape InputShape = new(1, 49, 10, 1);
    public static readonly Quantization InputQuantization = Quantization.PerTensor(1f / 16, 0);

    /// <summary>The int8 network for a seed.</summary>
    public static Graph Build(uint seed = DefaultSeed)
    {
        var samples = SeededQuantization.Samples(Input, CalibrationInputs, CalibrationSeedBase, InputQuantization);
        return SeededQuantization.Quantize(FloatNetwork(seed), samples, InputQuantization, LogitSpread);
    }

    /// <summary>An input for the network: xorshift32 bytes, as ../shared/models defines seeded inputs.</summary>
    public static byte[] Input(uint seed) => new XorShift32(seed).NextBytes(InputShape.ElementCount);

    // ---- the float network ----

    private static Graph FloatNetwork(uint seed)
    {
        // Weights draw from a stream of their own, so they are unrelated to the input of the same seed.
        var rng = new XorShift32(seed * 0x9E3779B9u + 0x7F4A7C15u);
        var g = new GraphBuilder("kws_example");
        var x = g.Input("input", InputShape, DataType.Float32);
        var shape = new Shape(1, 25, 5, Channels);
        x = FloatLayers.Conv(g, rng, "conv1", "conv1/relu", x, shape, new Shape(Channels, 10, 4, 1), new Window2D(Padding.Same, 2, 2), Activation.Relu);
        for (var b = 1; b <= Blocks; b++)
        {
            x = FloatLayers.Depthwise(g, rng, $"block{b}/depthwise", $"block{b}/depthwise/relu", x, shape, new Window2D(Padding.Same, 1, 1), Activation.Relu);
            x = FloatLayers.Conv(g, rng, $"block{b}/pointwise", $"block{b}/pointwise/relu", x, shape, new Shape(Channels, 1, 1, Channels), new Window2D(Padding.Same, 1, 1), Activation.Relu);
        }
        g.Output(FloatLayers.ClassifierHead(g, rng, x, shape, Classes));
        return g.Build();
    }
}
