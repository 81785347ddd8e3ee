using EdgeGen.Planning.Mixed;

namespace EdgeGen.Pipeline;

/// <summary>
/// What `--mixed-precision` asks for: a given plan (tests), or one searched on the calibration
/// inputs (raw bytes of the model input, each a whole tensor).
/// </summary>
public sealed record MixedOptions(IReadOnlyList<byte[]> Calibration, MixedPlan? Plan = null, MixedSearchOptions? Search = null)
{
    public static MixedOptions Given(MixedPlan plan) => new(Array.Empty<byte[]>(), plan);
}
