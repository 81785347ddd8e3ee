using EdgeGen.Export;
using EdgeGen.Import.TFLite;
using EdgeGen.Ir;
using EdgeGen.Ptq;

namespace EdgeGen.Tests.Support;

/// <summary>A float model of ../shared ternarized with the project's own quantize path (seeded calibration over the int8 twin's input range), written and read back as TFLite.</summary>
public static class TernarizedModels
{
    public static Graph Load(string floatName, TernaryMethod method)
    {
        SharedData.RequireModels();
        var pair = FloatModels.Get(floatName);
        var fp = pair.LoadFloat();
        var (min, max) = FloatModels.InputRange(pair.LoadInt8());
        var n = fp[fp.Inputs[0]].Shape.ElementCount;
        var calibration = InputSets.Seeded(InputSets.SeededCalibrationBase, 4, n, min, max);
        return TfliteImporter.Read(TfliteWriter.Write(TernaryQuantizer.Quantize(fp, method, calibration)), $"{floatName}.{method}", fp.Name);
    }
}
