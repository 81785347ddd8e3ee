using EdgeGen.Planning.Mixed;

namespace EdgeGen.Reference.Mixed;

/// <summary>
/// How closely a mixed-precision plan follows the int8 model, both run by the reference
/// interpreter on the same inputs: top-1 agreement (argmax of the first output, the lowest index
/// on ties) and the mean absolute difference of the dequantized first outputs.
/// </summary>
public sealed record MixedAgreement(int Inputs, int Top1Agreeing, double MeanAbsDifference, int OutlierPatches, int Patches)
{
    public double Top1Share => Inputs == 0 ? 0 : (double)Top1Agreeing / Inputs;

    public static MixedAgreement Measure(MixedGraph mixed, IReadOnlyList<byte[]> inputs)
    {
        var source = mixed.Patched.Source;
        var output = source[source.Outputs[0]];
        var (scale, zp) = (output.Quant.Scale, output.Quant.ZeroPoint);
        int agreeing = 0, outliers = 0;
        double diff = 0;
        long values = 0;
        foreach (var input in inputs)
        {
            var eight = ReferenceInterpreter.Run(source, new[] { input })[0];
            var run = MixedReference.Run(mixed, new[] { input });
            outliers += run.Outliers.Count(o => o);
            var low = run.Outputs[0];
            if (ArgMax(eight) == ArgMax(low)) agreeing++;
            for (var i = 0; i < eight.Length; i++) diff += Math.Abs(scale * (((sbyte)eight[i] - zp) - ((sbyte)low[i] - zp)));
            values += eight.Length;
        }
        return new MixedAgreement(inputs.Count, agreeing, values == 0 ? 0 : diff / values, outliers, inputs.Count * mixed.Checked.Length);
    }

    private static int ArgMax(byte[] output)
    {
        var best = 0;
        for (var i = 1; i < output.Length; i++)
            if ((sbyte)output[i] > (sbyte)output[best]) best = i;
        return best;
    }
}
