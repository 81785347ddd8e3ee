using System.Runtime.InteropServices;
using EdgeGen.Ir;
using EdgeGen.Reference;

namespace EdgeGen.Ptq;

/// <summary>
/// Runs a one-input, one-output graph on real (float) values with the reference interpreter: a
/// float graph directly, an integer graph through its input and output quantization (the input
/// rounded as TFLite's QUANTIZE does, the output dequantized as DEQUANTIZE does).
/// </summary>
public static class ModelRunner
{
    public static float[] Run(Graph graph, float[] input) => Run(graph, input, observer: null);

    /// <summary>Runs the graph; <paramref name="observer"/> sees every operator's index and the store after it ran.</summary>
    public static float[] Run(Graph graph, float[] input, Action<int, TensorStore>? observer)
    {
        var inputTensor = SingleInput(graph);
        var bytes = inputTensor.Type == DataType.Float32 ? FloatBytes(input) : QuantizeValues(input, inputTensor);
        var output = ReferenceInterpreter.Run(graph, new[] { bytes }, observer)[0];
        return ToReal(graph[graph.Outputs[0]], output);
    }

    public static Tensor SingleInput(Graph graph)
    {
        if (graph.Inputs.Length != 1 || graph.Outputs.Length != 1)
            throw new EdgeGenException($"model '{graph.Name}' has {graph.Inputs.Length} inputs and {graph.Outputs.Length} outputs; only one-input, one-output models are supported here");
        return graph[graph.Inputs[0]];
    }

    public static byte[] FloatBytes(float[] values) => MemoryMarshal.AsBytes(values.AsSpan()).ToArray();

    public static float[] Floats(byte[] bytes) => MemoryMarshal.Cast<byte, float>(bytes.AsSpan()).ToArray();

    /// <summary>zero_point + round(x / scale) clamped to the type (TFLite's AffineQuantize), as raw bytes of the tensor's type.</summary>
    public static byte[] QuantizeValues(float[] values, Tensor tensor)
    {
        var q = tensor.Quant;
        var (min, max) = tensor.Type.IntegerRange();
        var size = tensor.Type.SizeInBytes();
        var bytes = new byte[values.Length * size];
        for (var i = 0; i < values.Length; i++)
        {
            var v = Math.Clamp((long)MathF.Round(values[i] / q.Scale, MidpointRounding.AwayFromZero) + q.ZeroPoint, min, max);
            BitConverter.GetBytes(v).AsSpan(0, size).CopyTo(bytes.AsSpan(i * size));
        }
        return bytes;
    }

    /// <summary>A tensor's raw bytes as real values: float32 as is, integers as scale * (q - zero_point).</summary>
    public static float[] ToReal(Tensor tensor, byte[] bytes)
    {
        if (tensor.Type == DataType.Float32) return Floats(bytes);
        var q = tensor.Quant;
        var size = tensor.Type.SizeInBytes();
        var values = new float[bytes.Length / size];
        for (var i = 0; i < values.Length; i++)
        {
            long raw = tensor.Type switch
            {
                DataType.Int8 => (sbyte)bytes[i],
                DataType.UInt8 => bytes[i],
                DataType.Int16 => BitConverter.ToInt16(bytes, i * 2),
                DataType.Int32 => BitConverter.ToInt32(bytes, i * 4),
                _ => throw new EdgeGenException($"tensor '{tensor.Name}' of type {tensor.Type.DisplayName()} has no real value"),
            };
            values[i] = (float)((double)q.Scale * (raw - q.ZeroPoint));
        }
        return values;
    }
}
