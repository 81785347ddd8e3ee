namespace EdgeGen.Tests.Support;

/// <summary>Paths of the repository and of the shared material beside it (../shared, or $EDGEGEN_SHARED).</summary>
public static class Repo
{
    public static string Root { get; } = FindRoot();

    public static string Shared => Environment.GetEnvironmentVariable("EDGEGEN_SHARED") is { Length: > 0 } s
        ? s
        : Path.GetFullPath(Path.Combine(Root, "..", "shared"));

    public static string Models => Path.Combine(Shared, "models");

    public static bool IsCi => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "EdgeGen.sln"))) return dir.FullName;
        throw new InvalidOperationException("cannot find the repository root (EdgeGen.sln) above " + AppContext.BaseDirectory);
    }
}
