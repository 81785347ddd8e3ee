using EdgeGen.Toolchain;

namespace EdgeGen.Tests.Support;

/// <summary>Compiles a small C99 program with the host gcc (warnings are errors, runtime/c on the include path) and runs it.</summary>
public static class HostC
{
    public static string Run(string source, string name)
    {
        var dir = Path.Combine(Path.GetTempPath(), $"edgegen-hostc-{Environment.ProcessId}-{name}");
        Directory.CreateDirectory(dir);
        var c = Path.Combine(dir, "test.c");
        var exe = Path.Combine(dir, "test");
        File.WriteAllText(c, source);
        var build = ProcessRunner.Run("gcc", new[] { "-std=c99", "-O2", "-Wall", "-Wextra", "-Werror", "-I", Path.Combine(Repo.Root, "runtime", "c"), c, "-o", exe });
        if (build.ExitCode != 0) throw new InvalidOperationException($"gcc failed: {build.StandardError}");
        var run = ProcessRunner.Run(exe, Array.Empty<string>(), dir);
        if (run.ExitCode != 0) throw new InvalidOperationException($"{name} exited with {run.ExitCode}: {run.StandardOutput}{run.StandardError}");
        Directory.Delete(dir, recursive: true);
        return run.StandardOutput;
    }
}
