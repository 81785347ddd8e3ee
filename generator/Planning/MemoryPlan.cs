using EdgeGen.Ir;

namespace EdgeGen.Planning;

public enum StorageKind { Arena, Input, Output, Constant }

/// <summary>Where a tensor's bytes live at run time: an arena offset, the caller's input or output buffer, or flash.</summary>
public sealed record TensorStorage(StorageKind Kind, int Index, int Offset)
{
    public static TensorStorage Arena(int offset) => new(StorageKind.Arena, 0, offset);
    public static TensorStorage Input(int index) => new(StorageKind.Input, index, 0);
    public static TensorStorage Output(int index) => new(StorageKind.Output, index, 0);
    public static readonly TensorStorage Constant = new(StorageKind.Constant, 0, 0);
}

/// <summary>
/// The static memory plan: every tensor's storage, each operator's scratch buffer, and the
/// arena size. Decided at generation time; the generated code only adds constant offsets.
/// </summary>
public sealed record MemoryPlan(
    IReadOnlyDictionary<int, TensorStorage> Storage,
    IReadOnlyDictionary<int, (int Offset, int Bytes)> Scratch,
    int ArenaBytes)
{
    public TensorStorage this[int tensorId] => Storage[tensorId];

    /// <summary>True when two tensors share bytes (an alias or in-place pair).</summary>
    public bool SameBuffer(int a, int b) => Storage[a] == Storage[b];
}
