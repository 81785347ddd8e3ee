using System.Collections.Immutable;
using EdgeGen.Ir;
using EdgeGen.Ptq;
using EdgeGen.Reference;
using EdgeGen.Tests.Support;
using Xunit;
using Xunit.Abstractions;

namespace EdgeGen.Tests.Reference;

/// <summary>
/// Every float model in ../shared/models/float runs in the reference interpreter and computes
/// the same network as its int8 sibling. The comparison is per operator: each float operator is
/// fed the int8 sibling's own (dequantized) input of that operator on the sibling's golden cases,
/// and its output, clamped to the range the int8 output can represent, must stay close to the
/// int8 output (SQNR above 15 dB). (Whole-model outputs are no test here: the seeded
/// inputs lie far outside the data the siblings were calibrated on, so their activations saturate.)
/// </summary>
public class FloatModelTests(ITestOutputHelper log)
{
    public static IEnumerable<object[]> Models() => FloatModels.Names().Where(n => (string)n[0] != "hello_world_float");

    [SharedTheory]
    [MemberData(nameof(Models))]
    public void Every_float_operator_matches_its_int8_counterpart(string name)
    {
        SharedData.RequireModels();
        var pair = FloatModels.Get(name);
        var fp = pair.LoadFloat();
        var q = pair.LoadInt8();
        Assert.Equal(q.Operators.Select(o => o.Kind), fp.Operators.Select(o => o.Kind));
        foreach (var c in SharedModels.Cases(pair.Int8))
        {
            var activations = new Dictionary<int, float[]> { [q.Inputs[0]] = ModelRunner.ToReal(q[q.Inputs[0]], File.ReadAllBytes(c.InputPath)) };
            ReferenceInterpreter.Run(q, new[] { File.ReadAllBytes(c.InputPath) }, (i, s) =>
                activations[q.Operators[i].Output] = ModelRunner.ToReal(q[q.Operators[i].Output], s.Bytes(q.Operators[i].Output)));
            for (var i = 0; i < fp.Operators.Length; i++)
            {
                var op = fp.Operators[i];
                var inputs = op.Inputs.Where(id => id >= 0 && !fp[id].IsConstant).ToArray();
                var single = fp with { Operators = ImmutableArray.Create(op), Inputs = inputs.ToImmutableArray(), Outputs = ImmutableArray.Create(op.Output) };
                var output = ModelRunner.Floats(ReferenceInterpreter.Run(single, inputs.Select(id => ModelRunner.FloatBytes(activations[id])).ToArray())[0]);
                var expected = activations[op.Output];
                var oq = q[op.Output].Quant;
                var (lo, hi) = (oq.Scale * (-128 - oq.ZeroPoint), oq.Scale * (127 - oq.ZeroPoint));
                var clamped = output.Select(v => Math.Clamp(v, lo, hi)).ToArray();
                var sqnr = Agreement.Compare([expected], [clamped], classifier: false).SqnrDb;
                log.WriteLine($"{c.Name} #{i} {op.Kind}: SQNR {sqnr:F1} dB");
                // The int8 sibling rounds its weights (per tensor in some models, coarsely) and its
                // activations; a hybrid CONV_2D also quantizes its input on the fly (max|x| / 127).
                // That keeps every operator above 15 dB (19 dB at worst: ad01's per-tensor weights on
                // random inputs); a kernel bug (a wrong index, a lost bias, a misread layout) drops
                // it to a few dB.
                Assert.True(sqnr > 15, $"{name} {c.Name} operator #{i} {op.Kind}: SQNR {sqnr:F1} dB against the int8 sibling");
            }
        }
    }

    [SharedFact]
    public void Hello_world_float_approximates_the_sine()
    {
        SharedData.RequireModels();
        // Its int8 sibling is another training run (other weights), so the test is the function itself.
        var g = FloatModels.Get("hello_world_float").LoadFloat();
        var xs = Enumerable.Range(0, 64).Select(i => i * 2 * MathF.PI / 63).ToArray();
        var error = xs.Average(x => Math.Abs(ModelRunner.Run(g, [x])[0] - MathF.Sin(x)));
        Assert.True(error < 0.1, $"mean |model(x) - sin(x)| = {error}");
    }
}
