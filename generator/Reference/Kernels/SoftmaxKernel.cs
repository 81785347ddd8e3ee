using EdgeGen.Ir;
using EdgeGen.Ir.Ops;
using EdgeGen.Numerics.Params;

namespace EdgeGen.Reference.Kernels;

/// <summary>SOFTMAX over the last dimension: TFLite's fixed-point int8 kernel (gemmlowp exp and reciprocal), or float.</summary>
public sealed class SoftmaxKernel : ReferenceKernel<Softmax>
{
    protected override void Run(Softmax op, TensorStore s)
    {
        var g = s.Graph;
        var input = g[op.Inputs[0]];
        var output = g[op.Output];
        var depth = input.Shape[-1];
        var rows = depth == 0 ? 0 : input.Shape.ElementCount / depth;
        if (input.Type == DataType.Float32)
        {
            var x = s.Float32(input.Id);
            var y = s.Float32(output.Id);
            for (var r = 0; r < rows; r++)
            {
                var max = float.MinValue;
                for (var c = 0; c < depth; c++) max = Math.Max(max, x[r * depth + c]);
                var sum = 0f;
                for (var c = 0; c < depth; c++) sum += y[r * depth + c] = MathF.Exp((x[r * depth + c] - max) * op.Beta);
                for (var c = 0; c < depth; c++) y[r * depth + c] /= sum;
            }
            return;
        }
        var p = SoftmaxParams.For(op.Beta, input, output);
        var row = new int[depth];
        var result = new int[depth];
        for (var r = 0; r < rows; r++)
        {
            for (var c = 0; c < depth; c++) row[c] = (int)s.ReadInteger(input.Id, r * depth + c);
            p.ApplyRow(row, result);
            for (var c = 0; c < depth; c++) s.WriteInteger(output.Id, r * depth + c, result[c]);
        }
    }
}
