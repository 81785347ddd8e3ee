using EdgeGen.Export;
using EdgeGen.Import.TFLite;
using EdgeGen.Ir;
using EdgeGen.Passes;
using EdgeGen.Ptq;
using EdgeGen.Reference;
using EdgeGen.Tests.Support;
using Xunit;
using Xunit.Abstractions;

namespace EdgeGen.Tests.Ptq;

/// <summary>
/// Post-training ternarization of every float model in ../shared/models/float with every method,
/// on a small seeded calibration set (4 inputs, to keep the tests fast): the written file imports,
/// every weighted layer is detected ternary (one plane, or two for trit-planes), the model runs in
/// the reference interpreter and its ternary layers computed from the planes equal the int8
/// kernels bit for bit, and the agreement with the float model is finite.
/// <para>
/// Top-1 floors: ternarizing every layer after training, without fine-tuning, loses most of a
/// classifier's decisions on these small networks (the recorded table shows 0-60% for kws and
/// resnet), so no floor above zero holds for ternary weights in general. The floor that does hold
/// is on the same pipeline with int8 weights (<see cref="TernaryQuantizer.QuantizeInt8"/>): it must
/// agree with the float model on at least 90% of seeded inputs (it does on all of them), which
/// shows that calibration, conversion and evaluation are sound and the ternary losses are the
/// weights' own.
/// </para>
/// </summary>
public class TernaryQuantizerTests(ITestOutputHelper log)
{
    private const int CalibrationInputs = 4;
    private const int EvaluationInputs = 4;

    public static IEnumerable<object[]> Cases() =>
        from name in FloatModels.Names() from method in Enum.GetValues<TernaryMethod>() select new object[] { name[0], method };

    public static IEnumerable<object[]> Models() => FloatModels.Names();

    private static (Graph Float, IReadOnlyList<float[]> Calibration, InputSet Seeded) Setup(string name)
    {
        var pair = FloatModels.Get(name);
        var fp = pair.LoadFloat();
        var (min, max) = FloatModels.InputRange(pair.LoadInt8());
        var n = fp[fp.Inputs[0]].Shape.ElementCount;
        return (fp, InputSets.Seeded(InputSets.SeededCalibrationBase, CalibrationInputs, n, min, max),
            new InputSet("seeded", InputSets.Seeded(InputSets.SeededEvaluationBase, EvaluationInputs, n, min, max)));
    }

    [SharedTheory]
    [MemberData(nameof(Cases))]
    public void Ternarized_model_imports_is_ternary_and_runs_bit_exact(string name, TernaryMethod method)
    {
        SharedData.RequireModels();
        var (fp, calibration, seeded) = Setup(name);
        var written = TfliteWriter.Write(TernaryQuantizer.Quantize(fp, method, calibration));
        var q = TfliteImporter.Read(written, $"{name}.{method}", fp.Name);

        var layers = TernaryDetection.Run(q);
        Assert.Equal(fp.Operators.Count(o => o is Ir.Ops.Conv2D or Ir.Ops.DepthwiseConv2D or Ir.Ops.FullyConnected), layers.Length);
        Assert.All(layers, l => Assert.True(l.IsTernary, $"operator #{l.OperatorIndex} {l.Kind}: {l.Reason}"));
        Assert.All(layers, l => Assert.InRange(l.Planes.Length, 1, method == TernaryMethod.TritPlanes ? 2 : 1));
        if (method != TernaryMethod.TritPlanes) Assert.All(layers, l => Assert.All(l.Planes[0].Multipliers, m => Assert.InRange(m, 0, 1)));

        foreach (var x in seeded.Inputs.Take(2))
        {
            var bytes = ModelRunner.QuantizeValues(x, q[q.Inputs[0]]);
            Assert.Equal(ReferenceInterpreter.Run(q, [bytes])[0], TernaryReference.Run(q, [bytes])[0]);
        }

        var (_, a) = TernaryQuantizer.Evaluate(fp, q, [seeded]).Single();
        log.WriteLine($"{name} {method}: {a}");
        Assert.True(double.IsFinite(a.Mae) && !double.IsNaN(a.SqnrDb), a.ToString());
        Assert.Equal(TernaryQuantizer.IsClassifier(fp), a.Top1 is not null);
    }

    [SharedTheory]
    [MemberData(nameof(Models))]
    public void The_same_pipeline_with_int8_weights_follows_the_float_model(string name)
    {
        SharedData.RequireModels();
        var (fp, calibration, seeded) = Setup(name);
        var q = TernaryQuantizer.QuantizeInt8(fp, ActivationRanges.Measure(fp, calibration));
        var (_, a) = TernaryQuantizer.Evaluate(fp, q, [seeded]).Single();
        log.WriteLine($"{name} int8: {a}");
        if (a.Top1 is { } top1) Assert.True(top1 >= 0.9, a.ToString());
        else Assert.True(a.SqnrDb > 15, a.ToString());
    }

    [SharedFact]
    public void Ad01_windows_slide_by_one_frame_and_the_first_is_the_int8_real_case()
    {
        SharedData.RequireModels();
        var windows = InputSets.Windows(FloatModels.RealFeatures, 128, 640);
        Assert.Equal(196, windows.Count);
        Assert.Equal(windows[0].AsSpan(128, 512).ToArray(), windows[1].AsSpan(0, 512).ToArray());
        // ad01_int8's real case is the first window quantized with the int8 model's input parameters.
        var int8 = FloatModels.Get("ad01_fp32").LoadInt8();
        var real = File.ReadAllBytes(SharedModels.Find("ad01_int8", "real_normal_id_01_00000000").InputPath);
        Assert.Equal(real, ModelRunner.QuantizeValues(windows[0], int8[int8.Inputs[0]]));
    }

    [Fact]
    public void Percentile_ranges_lie_inside_min_max()
    {
        var b = new UnitGraphBuilder();
        var x = b.Activation(DataType.Float32, [1, 100]);
        var shape = b.Constant(DataType.Int32, [2], new[] { 1, 100 });
        var y = b.Activation(DataType.Float32, [1, 100]);
        var g = b.Op(new Ir.Ops.Reshape([x, shape], [y])).Build([x], [y]);
        var inputs = new[] { Enumerable.Range(0, 100).Select(i => (float)i).ToArray() };
        Assert.Equal((0f, 99f), ActivationRanges.Measure(g, inputs)[y]);
        Assert.Equal((1f, 98f), ActivationRanges.Measure(g, inputs, 98.5)[y]);
    }
}
