using EdgeGen.Examples;
using EdgeGen.Ir;

namespace EdgeGen.Ptq;

/// <summary>A named list of float inputs for one model input (calibration or evaluation).</summary>
public sealed record InputSet(string Name, IReadOnlyList<float[]> Inputs);

/// <summary>
/// Where float inputs come from: raw files (float32 little-endian of the input's shape), windows
/// cut from a file of consecutive frames, or seeded inputs (xorshift32 bytes, as ../shared/models
/// defines them, read as int8 and dequantized with the affine int8 parameters of a real range).
/// </summary>
public static class InputSets
{
    public const uint SeededEvaluationBase = 1;
    public const uint SeededCalibrationBase = 1000;

    /// <summary>Every *.bin file of <paramref name="dir"/> in name order; each must hold exactly one input.</summary>
    public static IReadOnlyList<float[]> FromDirectory(string dir, Tensor input)
    {
        if (!Directory.Exists(dir)) throw new EdgeGenException($"{dir}: calibration directory not found");
        var files = Directory.GetFiles(dir, "*.bin").Order(StringComparer.Ordinal).ToArray();
        if (files.Length == 0) throw new EdgeGenException($"{dir}: no .bin calibration inputs (each a float32 little-endian tensor of shape {input.Shape}, {input.Shape.ElementCount * 4} bytes)");
        return files.Select(f =>
        {
            var bytes = File.ReadAllBytes(f);
            if (bytes.Length != input.Shape.ElementCount * 4)
                throw new EdgeGenException($"{f}: {bytes.Length} bytes, but input '{input.Name}' (float32 {input.Shape}) needs {input.Shape.ElementCount * 4}");
            return ModelRunner.Floats(bytes);
        }).ToArray();
    }

    /// <summary>
    /// Windows of <paramref name="elements"/> consecutive values cut from a float32 file of frames
    /// of <paramref name="frameSize"/> values, sliding by one frame: a file of F frames gives
    /// F − elements/frameSize + 1 windows (ad01's 200 frames of 128 mel bins give 196 windows of 640).
    /// </summary>
    public static IReadOnlyList<float[]> Windows(string path, int frameSize, int elements)
    {
        if (frameSize <= 0 || elements % frameSize != 0)
            throw new EdgeGenException($"--frame-size {frameSize} does not divide the model input of {elements} values");
        byte[] bytes;
        try { bytes = File.ReadAllBytes(path); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { throw new EdgeGenException($"{path}: cannot read the frames file ({e.Message})"); }
        if (bytes.Length % (4 * frameSize) != 0) throw new EdgeGenException($"{path}: {bytes.Length} bytes is not a whole number of float32 frames of {frameSize} values");
        var values = ModelRunner.Floats(bytes);
        var frames = values.Length / frameSize;
        var count = frames - elements / frameSize + 1;
        if (count < 1) throw new EdgeGenException($"{path}: {frames} frames are fewer than the {elements / frameSize} one input needs");
        return Enumerable.Range(0, count).Select(i => values.AsSpan(i * frameSize, elements).ToArray()).ToArray();
    }

    /// <summary>Seeded inputs for seeds first, first+1, ...: xorshift32 bytes as int8 q, value = scale·(q − zero_point) of the range.</summary>
    public static IReadOnlyList<float[]> Seeded(uint first, int count, int elements, float min, float max)
    {
        var q = Calibration.FromRange(min, max);
        return Enumerable.Range(0, count)
            .Select(i => new XorShift32(first + (uint)i).NextBytes(elements).Select(b => q.Scale * ((sbyte)b - q.ZeroPoint)).ToArray())
            .ToArray();
    }

    public static (float Min, float Max) Range(IEnumerable<float[]> inputs)
    {
        float min = float.MaxValue, max = float.MinValue;
        foreach (var x in inputs)
            foreach (var v in x) { min = Math.Min(min, v); max = Math.Max(max, v); }
        return min <= max ? (min, max) : (0, 0);
    }
}
