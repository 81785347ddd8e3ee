using EdgeGen.Ir;
using EdgeGen.Targets;

namespace EdgeGen.Emit.C;

/// <summary>
/// A kernel variant whose flash cost depends on the layer (weights baked into code, packed tables): the bytes of
/// code and constant data it adds, so that listings can show what an instruction saving costs in flash.
/// </summary>
public interface ICodeSizeEstimate
{
    long CodeBytes(Graph graph, Operator op, TargetSpec target);
}

/// <summary>
/// The part of <see cref="ICodeSizeEstimate.CodeBytes"/> that is constant data (packed weights, tables): on targets that
/// keep read-only data in a region of its own (the memory map's rodata_region), only the rest counts against the code flash.
/// </summary>
public interface IConstantDataEstimate
{
    long ConstantBytes(Graph graph, Operator op, TargetSpec target);
}
