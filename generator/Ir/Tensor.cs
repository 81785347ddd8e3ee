namespace EdgeGen.Ir;

/// <summary>
/// A tensor of the graph. <see cref="Data"/> holds the little-endian bytes of a constant tensor
/// (weights, biases, shape operands) and is null for activations.
/// </summary>
public sealed record Tensor(int Id, string Name, Shape Shape, DataType Type, Quantization? Quantization, byte[]? Data)
{
    public bool IsConstant => Data is not null;
    public int ByteSize => Shape.ElementCount * Type.SizeInBytes();

    public Quantization Quant => Quantization
        ?? throw new EdgeGenException($"tensor '{Name}' has no quantization parameters but the operator needs them");

    public ReadOnlySpan<sbyte> Int8Data => System.Runtime.InteropServices.MemoryMarshal.Cast<byte, sbyte>(ConstantData);
    public ReadOnlySpan<short> Int16Data => System.Runtime.InteropServices.MemoryMarshal.Cast<byte, short>(ConstantData);
    public ReadOnlySpan<int> Int32Data => System.Runtime.InteropServices.MemoryMarshal.Cast<byte, int>(ConstantData);
    public ReadOnlySpan<long> Int64Data => System.Runtime.InteropServices.MemoryMarshal.Cast<byte, long>(ConstantData);
    public ReadOnlySpan<float> Float32Data => System.Runtime.InteropServices.MemoryMarshal.Cast<byte, float>(ConstantData);

    private byte[] ConstantData => Data ?? throw new InvalidOperationException($"tensor '{Name}' is not a constant");
}
