using EdgeGen.Targets;

namespace EdgeGen.Toolchain;

/// <summary>
/// Makes sure the tools a target needs are installed. When one is missing and EdgeGen runs as root
/// on Debian, targets/install-toolchains.sh installs the packages (this is what makes the Quick
/// start work on a fresh machine); otherwise the error names the Debian package to install.
/// </summary>
public static class Toolchains
{
    private static readonly object Lock = new();

    public static void RequireCompiler(TargetSpec target) => Require(target.Compiler, target.CompilerPackage);

    public static void RequireEmulator(TargetSpec target)
    {
        if (target.Qemu is { } q) Require(q.Binary, q.Package);
    }

    public static void RequireMake() => Require("make", "make");

    /// <summary>The host's own gcc (builds the QEMU instruction-counting plugin).</summary>
    public static void RequireHostCompiler() => Require("gcc", "gcc");

    private static void Require(string tool, string package)
    {
        lock (Lock)
        {
            if (ProcessRunner.OnPath(tool)) return;
            TryInstall();
            if (!ProcessRunner.OnPath(tool))
                throw new EdgeGenException($"'{tool}' is not installed; install the Debian package: apt-get install {package}");
        }
    }

    private static void TryInstall()
    {
        var script = Path.Combine(ResourcePaths.Targets, "install-toolchains.sh");
        if (!File.Exists(script) || !ProcessRunner.OnPath("apt-get") || Environment.UserName != "root") return;
        Console.Error.WriteLine("edgegen: installing the ARM toolchains and QEMU (apt-get, once)...");
        ProcessRunner.Run("bash", new[] { script }, timeout: TimeSpan.FromMinutes(20));
    }
}
