using EdgeGen.Import.TFLite;
using EdgeGen.Ir;

namespace EdgeGen.Tests.Support;

/// <summary>
/// The float32 models in ../shared/models/float, each with its int8 sibling in ../shared/models
/// (the same MLPerf Tiny / TFLite Micro network, quantized by its authors). The sibling's input
/// quantization gives the float input range the seeded inputs are drawn from.
/// </summary>
public static class FloatModels
{
    public sealed record Pair(string Float, string Int8)
    {
        public string FloatPath => Path.Combine(Repo.Models, "float", Float + ".tflite");
        public Graph LoadFloat() => TfliteImporter.Load(FloatPath);
        public Graph LoadInt8() => TfliteImporter.Load(SharedModels.ModelPath(Int8));
        public override string ToString() => Float;
    }

    public static readonly Pair[] All =
    {
        new("ad01_fp32", "ad01_int8"),
        new("hello_world_float", "hello_world_int8"),
        new("kws_ref_model_float32", "kws_ref_model"),
        new("pretrainedResnet_float", "pretrainedResnet_quant"),
        new("vww_96_float", "vww_96_int8"),
    };

    public static Pair Get(string name) => All.Single(p => p.Float == name);

    public static IEnumerable<object[]> Names() => All.Select(p => new object[] { p.Float });

    public static string RealFeatures => Path.Combine(Repo.Models, "float", "ad01_real_features_f32.bin");

    /// <summary>The real range the int8 sibling's input covers: scale * ([-128, 127] - zero point).</summary>
    public static (float Min, float Max) InputRange(Graph int8)
    {
        var q = int8[int8.Inputs[0]].Quant;
        return (q.Scale * (-128 - q.ZeroPoint), q.Scale * (127 - q.ZeroPoint));
    }
}
