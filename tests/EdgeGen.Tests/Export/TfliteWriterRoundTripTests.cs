using EdgeGen.Examples;
using EdgeGen.Export;
using EdgeGen.Import.TFLite;
using EdgeGen.Ir;
using EdgeGen.Reference;
using EdgeGen.Tests.Support;
using Xunit;

namespace EdgeGen.Tests.Export;

/// <summary>
/// Every shared model survives import -> write -> import unchanged (tensors with their bytes and
/// quantization, operators with their attributes), and the reference interpreter gives the same
/// output bytes for the original and the rewritten model.
/// </summary>
public class TfliteWriterRoundTripTests
{
    /// <summary>Every .tflite file under ../shared/models that the importer accepts, as a path relative to the models folder.</summary>
    public static IEnumerable<object[]> ImportableModels() => !SharedData.Available
        ? Array.Empty<object[]>()
        : Directory.GetFiles(Repo.Models, "*.tflite", SearchOption.AllDirectories)
            .Order(StringComparer.Ordinal)
            .Where(Importable)
            .Select(p => new object[] { Path.GetRelativePath(Repo.Models, p) });

    private static bool Importable(string path)
    {
        try { TfliteImporter.Load(path); return true; }
        catch (EdgeGenException) { return false; }
    }

    [SharedTheory]
    [MemberData(nameof(ImportableModels))]
    public void Import_write_import_gives_an_equal_graph(string model)
    {
        SharedData.RequireModels();
        var path = Path.Combine(Repo.Models, model);
        var original = TfliteImporter.Load(path);
        var written = TfliteWriter.Write(original);
        var reread = TfliteImporter.Read(written, "rewritten " + model, Path.GetFileNameWithoutExtension(path));
        GraphComparison.AssertEqual(original, reread);
        // Writing is deterministic and idempotent: the reread graph writes the same bytes.
        Assert.Equal(written, TfliteWriter.Write(reread));
    }

    [SharedTheory]
    [MemberData(nameof(Cases))]
    public void Rewritten_model_gives_identical_reference_outputs(string model, string caseName)
    {
        SharedData.RequireModels();
        var c = SharedModels.Find(model, caseName);
        var original = TfliteImporter.Load(c.ModelPath);
        var reread = TfliteImporter.Read(TfliteWriter.Write(original), "rewritten " + model, model);
        var input = new[] { File.ReadAllBytes(c.InputPath) };
        Assert.Equal(ReferenceInterpreter.Run(original, input)[0], ReferenceInterpreter.Run(reread, input)[0]);
    }

    public static IEnumerable<object[]> Cases() => SharedModels.CaseData();

    /// <summary>Models without shared input cases (the float ones) are compared on a seeded input.</summary>
    [SharedTheory]
    [MemberData(nameof(ImportableModels))]
    public void Rewritten_model_gives_identical_outputs_on_a_seeded_input(string model)
    {
        SharedData.RequireModels();
        var path = Path.Combine(Repo.Models, model);
        var original = TfliteImporter.Load(path);
        var reread = TfliteImporter.Read(TfliteWriter.Write(original), "rewritten " + model, "m");
        var inputs = original.InputTensors.Select((t, i) => SeededInput(t, seed: (uint)(7 + i))).ToArray();
        var expected = ReferenceInterpreter.Run(original, inputs);
        var actual = ReferenceInterpreter.Run(reread, inputs);
        Assert.Equal(expected.Length, actual.Length);
        for (var i = 0; i < expected.Length; i++) Assert.Equal(expected[i], actual[i]);
    }

    [SharedFact]
    public void Every_shared_int8_model_is_round_tripped()
    {
        SharedData.RequireModels();
        var tested = ImportableModels().Select(r => Path.GetFileNameWithoutExtension((string)r[0])).ToHashSet();
        Assert.All(SharedModels.ModelNames(), m => Assert.Contains(Path.GetFileNameWithoutExtension(SharedModels.ModelPath(m)), tested));
    }

    /// <summary>Bytes from xorshift32 for integer inputs; floats in [-1, 1) from the same generator for float inputs.</summary>
    private static byte[] SeededInput(Tensor t, uint seed)
    {
        var rng = new XorShift32(seed);
        if (t.Type != DataType.Float32) return rng.NextBytes(t.ByteSize);
        var values = new float[t.Shape.ElementCount];
        for (var i = 0; i < values.Length; i++) values[i] = (sbyte)rng.NextByte() / 128f;
        return System.Runtime.InteropServices.MemoryMarshal.AsBytes(values.AsSpan()).ToArray();
    }
}
