using System.Runtime.InteropServices;
using EdgeGen.Ir;
using EdgeGen.Ir.Ops;

namespace EdgeGen.Ptq;

/// <summary>
/// Turns a float graph into its int8 counterpart, as TFLite's converter lays out a fully
/// quantized model: int8 activations (the graph's input and output included) with asymmetric
/// per-tensor parameters, int8 symmetric weights with one scale per output channel, int32 biases
/// with scale input_scale × weight_scale[c] (zero point 0, rounded half away from zero, clamped to
/// int32). Which activations get their own parameters follows TFLite's kernels: CONV_2D,
/// DEPTHWISE_CONV_2D, FULLY_CONNECTED and ADD outputs (and the graph input) from
/// <c>activation</c>; SOFTMAX outputs scale 1/256, zero point −128; pooling and reshaping keep
/// their input's parameters (the int8 kernels do not requantize).
/// </summary>
public static class Int8Conversion
{
    public static Graph Convert(Graph g, Func<int, Quantization> activation, Func<Operator, (sbyte[] Values, float[] Scales)> weights)
    {
        var tensors = g.Tensors.ToBuilder();
        var quant = new Dictionary<int, Quantization>();
        foreach (var id in g.Inputs)
        {
            quant[id] = activation(id);
            tensors[id] = g[id] with { Type = DataType.Int8, Quantization = quant[id] };
        }
        foreach (var op in g.Operators)
        {
            var output = g[op.Output];
            var q = op switch
            {
                Conv2D or DepthwiseConv2D or FullyConnected or Add => activation(op.Output),
                Softmax => Quantization.PerTensor(1f / 256, -128),
                AveragePool2D or MaxPool2D or Reshape => quant[op.Inputs[0]],
                _ => throw new EdgeGenException($"{op.Kind}: post-training quantization does not handle this operator (CONV_2D, DEPTHWISE_CONV_2D, FULLY_CONNECTED, ADD, SOFTMAX, AVERAGE_POOL_2D, MAX_POOL_2D, RESHAPE)"),
            };
            quant[op.Output] = q;
            tensors[op.Output] = output with { Type = DataType.Int8, Quantization = q };
            if (op is not (Conv2D or DepthwiseConv2D or FullyConnected)) continue;

            var (values, scales) = weights(op);
            var w = g[op.Inputs[1]];
            tensors[w.Id] = w with { Type = DataType.Int8, Data = MemoryMarshal.AsBytes(values.AsSpan()).ToArray(), Quantization = Calibration.PerAxis(scales, WeightAxis.Of(op)) };
            if (!op.HasInput(2)) continue;
            var inputScale = quant[op.Inputs[0]].Scale;
            var biasScales = scales.Select(s => inputScale * s).ToArray();
            var b = g[op.Inputs[2]];
            var bias = b.Float32Data.ToArray().Select((v, i) => (int)Math.Clamp(
                Math.Round(v / (double)biasScales[biasScales.Length == 1 ? 0 : i], MidpointRounding.AwayFromZero), int.MinValue, int.MaxValue)).ToArray();
            tensors[b.Id] = b with { Type = DataType.Int32, Data = MemoryMarshal.AsBytes(bias.AsSpan()).ToArray(), Quantization = Calibration.PerAxis(biasScales, 0) };
        }
        return g with { Tensors = tensors.ToImmutable() };
    }
}
