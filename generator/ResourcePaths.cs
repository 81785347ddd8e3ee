namespace EdgeGen;

/// <summary>
/// Where the CLI finds the repository's templates/, targets/ and runtime/ folders: copied beside
/// the assembly at build time, or (when running from a source build) at the repository root.
/// </summary>
public static class ResourcePaths
{
    public static string Templates => Find("templates");
    public static string Targets => Find("targets");
    public static string Runtime => Find("runtime");

    /// <summary>The source of the QEMU instruction-counting plugin (copied beside the CLI from generator/Toolchain/qemu-plugin).</summary>
    public static string QemuPlugin => Find("qemu-plugin");

    /// <summary>The shipped example model and input (copied beside the CLI from generator/Examples).</summary>
    public static string Examples => Find("examples");

    /// <summary>The shared material (models, goldens, peer figures): $EDGEGEN_SHARED, else ../shared beside the repository.</summary>
    public static string Shared => Environment.GetEnvironmentVariable("EDGEGEN_SHARED") is { Length: > 0 } s
        ? s
        : Path.GetFullPath(Path.Combine(RepositoryRoot, "..", "shared"));

    /// <summary>The repository root (the folder of EdgeGen.sln above the assembly), else the assembly's folder for an installed CLI.</summary>
    public static string RepositoryRoot
    {
        get
        {
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
                if (File.Exists(Path.Combine(dir.FullName, "EdgeGen.sln"))) return dir.FullName;
            return AppContext.BaseDirectory;
        }
    }

    private static string Find(string folder)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, folder);
            if (Directory.Exists(candidate) && (File.Exists(Path.Combine(dir.FullName, "EdgeGen.sln")) || File.Exists(Path.Combine(dir.FullName, "edgegen.dll"))))
                return candidate;
        }
        throw new EdgeGenException($"cannot find EdgeGen's {folder}/ folder beside {AppContext.BaseDirectory}; reinstall or rebuild EdgeGen");
    }
}
