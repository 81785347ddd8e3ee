using EdgeGen.Ir;
using EdgeGen.Ir.Ops;
using EdgeGen.Numerics.Params;

namespace EdgeGen.Reference.Kernels;

/// <summary>LEAKY_RELU: TFLite Micro's quantized kernel (int8, int16) with its two multipliers, or float.</summary>
public sealed class LeakyReluKernel : ReferenceKernel<LeakyRelu>
{
    protected override void Run(LeakyRelu op, TensorStore s)
    {
        var g = s.Graph;
        var input = g[op.Inputs[0]];
        var output = g[op.Output];
        var n = input.Shape.ElementCount;
        if (input.Type == DataType.Float32)
        {
            var x = s.Float32(input.Id);
            var y = s.Float32(output.Id);
            for (var i = 0; i < n; i++) y[i] = x[i] > 0 ? x[i] : x[i] * op.Alpha;
            return;
        }
        var p = LeakyReluParams.For(input, output, op.Alpha);
        for (var i = 0; i < n; i++)
            s.WriteInteger(output.Id, i, p.Apply((int)s.ReadInteger(input.Id, i)));
    }
}
