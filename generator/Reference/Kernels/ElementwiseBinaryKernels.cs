using EdgeGen.Ir;
using EdgeGen.Ir.Ops;
using EdgeGen.Numerics;
using EdgeGen.Numerics.Params;

namespace EdgeGen.Reference.Kernels;

/// <summary>
/// ADD: the general quantized rescaling path (int8, int16), or float. Like TFLite Micro, int16 takes
/// the general path whatever pot_scale_int16 says (TFLM never uses the power-of-two path).
/// </summary>
public sealed class AddKernel : ReferenceKernel<Add>
{
    protected override void Run(Add op, TensorStore s) => BinaryLoop.Run(op, s, subtract: false);
}

/// <summary>SUB: as ADD with the second input negated after rescaling.</summary>
public sealed class SubKernel : ReferenceKernel<Sub>
{
    protected override void Run(Sub op, TensorStore s) => BinaryLoop.Run(op, s, subtract: true);
}

internal static class BinaryLoop
{
    public static void Run(ElementwiseBinary op, TensorStore s, bool subtract)
    {
        var g = s.Graph;
        var a = g[op.Inputs[0]];
        var b = g[op.Inputs[1]];
        var output = g[op.Output];
        if (a.Type == DataType.Float32)
        {
            var (lo, hi) = ActivationRange.ForFloat(op.Activation);
            foreach (var (o, ia, ib) in Broadcast.Indices(a.Shape, b.Shape, output.Shape))
            {
                var x = s.Float32(a.Id)[ia];
                var y = s.Float32(b.Id)[ib];
                s.Float32(output.Id)[o] = Math.Clamp(subtract ? x - y : x + y, lo, hi);
            }
            return;
        }
        var p = AddParams.For(a, b, output, op.Activation);
        var va = ConvLoop.Widen(s, a.Id);
        var vb = ConvLoop.Widen(s, b.Id);
        foreach (var (o, ia, ib) in Broadcast.Indices(a.Shape, b.Shape, output.Shape))
            s.WriteInteger(output.Id, o, p.Apply((int)va[ia], (int)vb[ib], subtract));
    }
}
