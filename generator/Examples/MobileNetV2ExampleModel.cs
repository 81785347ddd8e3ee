using EdgeGen.Ir;
using EdgeGen.Ir.Ops;

namespace EdgeGen.Examples;

/// <summary>
/// A MobileNetV2-shaped image classifier built from a seed, for patch-based inference at its
/// real shape: input [1,96,96,3] int8 -> CONV_2D 3x3/2 (RELU6) -> seven inverted residual blocks
/// (1x1 expansion with RELU6, 3x3 depthwise with RELU6, linear 1x1 projection, ADD where input
/// and output match; expansion 1 then 6; 8, 16, 16, 24, 24, 32, 32 channels; stride 2 into
/// 24x24, 12x12 and 6x6) -> CONV_2D 1x1 to 128 (RELU6) -> AVERAGE_POOL_2D -> RESHAPE ->
/// FULLY_CONNECTED to 2 classes -> SOFTMAX. Like MobileNetV2 its peak activation memory sits in the
/// expanded high-resolution blocks. Weights and quantization come from <see cref="SeededQuantization"/>.
/// </summary>
public static class MobileNetV2ExampleModel
{
    public const uint DefaultSeed = 1;
    public const int Classes = 2;
    public const int CalibrationInputs = 8;
    public const uint CalibrationSeedBase = 2000;
    public const float LogitSpread = 2f;

    public static readonly Shape InputShape = new(1, 96, 96, 3);
    public static readonly Quantization InputQuantization = Quantization.PerTensor(1f / 128, 0);

    /// <summary>The blocks: expansion factor, output channels, stride.</summary>
    private static readonly (int Expansion, int Channels, int Stride)[] Blocks =
    {
        (1, 8, 1), (6, 16, 2), (6, 16, 1), (6, 24, 2), (6, 24, 1), (6, 32, 2), (6, 32, 1),
    };

    /// <summary>The int8 network for a seed.</summary>
    public static Graph Build(uint seed = DefaultSeed)
    {
        var samples = SeededQuantization.Samples(Input, CalibrationInputs, CalibrationSeedBase, InputQuantization);
        return SeededQuantization.Quantize(FloatNetwork(seed), samples, InputQuantization, LogitSpread);
    }

    /// <summary>An input for the network: xorshift32 bytes, as ../shared/models defines seeded inputs.</summary>
    public static byte[] Input(uint seed) => new XorShift32(seed).NextBytes(InputShape.ElementCount);

    private static Graph FloatNetwork(uint seed)
    {
        var rng = new XorShift32(seed * 0x9E3779B9u + 0x2545F491u);
        var g = new GraphBuilder("mobilenetv2_example");
        var x = g.Input("input", InputShape, DataType.Float32);
        var same = new Window2D(Padding.Same, 1, 1);
        var shape = new Shape(1, 48, 48, 16);
        x = FloatLayers.Conv(g, rng, "stem", "stem/relu6", x, shape, new Shape(16, 3, 3, 3), new Window2D(Padding.Same, 2, 2), Activation.Relu6);
        for (var b = 0; b < Blocks.Length; b++)
        {
            var (expansion, channels, stride) = Blocks[b];
            var name = $"block{b + 1}";
            var input = x;
            var inputShape = shape;
            var wide = inputShape[3] * expansion;
            if (expansion != 1)
                x = FloatLayers.Conv(g, rng, name + "/expand", name + "/expand/relu6", x, inputShape.WithChannels(wide), new Shape(wide, 1, 1, inputShape[3]), same, Activation.Relu6);
            var outShape = new Shape(1, inputShape[1] / stride, inputShape[2] / stride, channels);
            x = FloatLayers.Depthwise(g, rng, name + "/depthwise", name + "/depthwise/relu6", x, outShape.WithChannels(wide), new Window2D(Padding.Same, stride, stride), Activation.Relu6);
            x = FloatLayers.Conv(g, rng, name + "/project", name + "/project/out", x, outShape, new Shape(channels, 1, 1, wide), same, Activation.None);
            if (stride == 1 && channels == inputShape[3])
            {
                var sum = g.Activation(name + "/add", outShape, DataType.Float32);
                g.Add(new Add(FloatLayers.Ids(input, x), FloatLayers.Ids(sum), Activation.None));
                x = sum;
            }
            shape = outShape;
        }
        var headShape = shape.WithChannels(128);
        x = FloatLayers.Conv(g, rng, "head", "head/relu6", x, headShape, new Shape(128, 1, 1, shape[3]), same, Activation.Relu6);
        g.Output(FloatLayers.ClassifierHead(g, rng, x, headShape, Classes));
        return g.Build();
    }

    private static Shape WithChannels(this Shape s, int channels) => new(s[0], s[1], s[2], channels);
}
