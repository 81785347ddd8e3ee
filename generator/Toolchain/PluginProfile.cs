namespace EdgeGen.Toolchain;

/// <summary>
/// The per-operator profile of a Cortex-A profiling build, from the instruction-counting plugin's intervals.
/// The harness (templates/host/main.c.hbs under EG_PROFILE) first calls two marks in a row, giving three
/// intervals whose middle one is the instructions a mark adds to an operator; then the inference, where each
/// operator's mark ends one interval and starts the next: one interval per operator, then a short one from
/// the last mark to the end of the inference.
/// </summary>
internal static class PluginProfile
{
    private const int CalibrationIntervals = 3;

    public static RunMeasurement Measurement(byte[][] outputs, IReadOnlyList<long> intervals, int layers, string what)
    {
        var expected = CalibrationIntervals + layers + 1;
        if (intervals.Count != expected)
            throw new EdgeGenException($"{what} reported {intervals.Count} counted intervals instead of {expected} ({layers} operators)");
        var inference = intervals.Skip(CalibrationIntervals).ToList();
        var profile = new LayerProfile(intervals[1], inference.Take(layers).ToList());
        return new RunMeasurement(outputs, inference.Sum(), null, profile);
    }
}
