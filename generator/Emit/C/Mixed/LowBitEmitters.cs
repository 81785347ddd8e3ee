using EdgeGen.Ir;
using EdgeGen.Ir.Ops;
using EdgeGen.Targets;

namespace EdgeGen.Emit.C.Mixed;

/// <summary>PACK_LOWBIT: each int8 value's code looked up in a 256-entry table made by <see cref="LowBitFormat.Encode"/>, then packed.</summary>
public sealed class PackLowBitEmitter : CKernelVariant<PackLowBit>
{
    public override string Name => "table";
    public override long EstimatedInstructions(Graph graph, PackLowBit op, TargetSpec target) => 4L * graph[op.Inputs[0]].Shape.ElementCount;

    protected override CKernel Emit(CKernelContext ctx, PackLowBit op)
    {
        var zp = ctx.InputTensor(0).Quant.ZeroPoint;
        var codes = Enumerable.Range(0, 256).Select(u => (byte)op.Format.Encode((sbyte)(byte)u, zp)).ToList();
        var table = ctx.Symbol($"codes{op.Format.Bits}_{op.Format.Shift}_{-op.Format.CodeMin}_{zp + 128}");
        var definition = CFormat.Array("uint8_t", table, codes, v => CFormat.Int(v)) + "\n";
        var call = $"eg_pack{op.Format.Bits}({ctx.Pointer(op.Inputs[0])}, {ctx.Pointer(op.Output)}, {ctx.InputTensor(0).Shape.ElementCount}, {table}); /* {op.Format} */";
        return new CKernel(definition, call, Name) { Headers = new[] { "edgegen_mixed.h" } };
    }
}

/// <summary>UNPACK_LOWBIT: per packed byte, the int8 values of all its codes copied from a 256-row table made by <see cref="LowBitFormat.Decode"/>.</summary>
public sealed class UnpackLowBitEmitter : CKernelVariant<UnpackLowBit>
{
    public override string Name => "table";
    public override long EstimatedInstructions(Graph graph, UnpackLowBit op, TargetSpec target) => 5L * graph[op.Output].Shape.ElementCount * op.Format.Bits / 8;

    protected override CKernel Emit(CKernelContext ctx, UnpackLowBit op)
    {
        var zp = ctx.OutputTensor.Quant.ZeroPoint;
        var (bits, perByte) = (op.Format.Bits, 8 / op.Format.Bits);
        var values = Enumerable.Range(0, 256)
            .SelectMany(u => Enumerable.Range(0, perByte).Select(k => (sbyte)op.Format.Decode((u >> (k * bits)) & ((1 << bits) - 1), zp)))
            .ToList();
        var table = ctx.Symbol($"values{op.Format.Bits}_{op.Format.Shift}_{-op.Format.CodeMin}_{zp + 128}");
        var definition = CFormat.Int8Array(table, values) + "\n";
        var call = $"eg_unpack{op.Format.Bits}({ctx.Pointer(op.Inputs[0])}, {ctx.Pointer(op.Output)}, {ctx.OutputTensor.Shape.ElementCount}, {table});";
        return new CKernel(definition, call, Name) { Headers = new[] { "edgegen_mixed.h" } };
    }
}
