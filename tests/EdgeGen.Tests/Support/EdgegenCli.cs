using System.Diagnostics;

namespace EdgeGen.Tests.Support;

/// <summary>Runs the real edgegen CLI (the edgegen.dll built next to the tests) in its own process.</summary>
public static class EdgegenCli
{
    public sealed record Result(int ExitCode, string Stdout, string Stderr)
    {
        public string[] StderrLines => Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.TrimEnd('\r')).ToArray();
        public override string ToString() => $"exit {ExitCode}\nstdout:\n{Stdout}\nstderr:\n{Stderr}";
    }

    /// <summary>The CLI assembly: the project reference copies it into the test output folder.</summary>
    public static string DllPath { get; } = FindDll();

    public static Result Run(params string[] args)
    {
        var start = new ProcessStartInfo(DotnetHost())
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(DllPath);
        foreach (var a in args) start.ArgumentList.Add(a);
        using var process = Process.Start(start) ?? throw new InvalidOperationException("cannot start dotnet");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromSeconds(120)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"edgegen {string.Join(' ', args)} did not finish within 120 s");
        }
        return new Result(process.ExitCode, stdout.Result, stderr.Result);
    }

    private static string FindDll()
    {
        var candidates = new[]
        {
            Path.Combine(AppContext.BaseDirectory, "edgegen.dll"),
            Path.Combine(Repo.Root, "generator", "bin", "Debug", "net10.0", "edgegen.dll"),
            Path.Combine(Repo.Root, "generator", "bin", "Release", "net10.0", "edgegen.dll"),
        };
        return candidates.FirstOrDefault(File.Exists)
            ?? throw new InvalidOperationException("edgegen.dll not found; looked in " + string.Join(", ", candidates));
    }

    /// <summary>The dotnet host running the tests (dotnet test sets DOTNET_HOST_PATH), else dotnet from PATH.</summary>
    private static string DotnetHost() =>
        Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host) ? host : "dotnet";
}
