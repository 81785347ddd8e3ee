using Xunit;

namespace EdgeGen.Tests.Support;

/// <summary>
/// Tests that need ../shared. Where it is missing they are skipped with the reason shown, except
/// under CI=true, where they run and fail: CI must never pass without the shared goldens.
/// </summary>
public static class SharedData
{
    public static bool Available => Directory.Exists(Repo.Models);

    public static string? SkipReason => Available || Repo.IsCi
        ? null
        : $"shared material not found at {Repo.Shared} (set EDGEGEN_SHARED or place ../shared beside the repository)";

    /// <summary>Fails with a clear message when the shared material is required but absent.</summary>
    public static string RequireModels()
    {
        if (!Available) throw new InvalidOperationException($"shared models are required but missing at {Repo.Models}");
        return Repo.Models;
    }
}

public sealed class SharedFactAttribute : FactAttribute
{
    public SharedFactAttribute() { if (SharedData.SkipReason is { } reason) Skip = reason; }
}

public sealed class SharedTheoryAttribute : TheoryAttribute
{
    public SharedTheoryAttribute() { if (SharedData.SkipReason is { } reason) Skip = reason; }
}
