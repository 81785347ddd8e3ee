using EdgeGen.Emit.CSharp;

namespace EdgeGen.Toolchain;

/// <summary>A built C# project: how to start it (the native binary, or `dotnet` with the JIT-compiled assembly).</summary>
public sealed record CSharpBuild(string Program, IReadOnlyList<string> Prefix, string RuntimeIdentifier, bool Aot);

/// <summary>
/// Builds a generated C# project with the .NET SDK: `dotnet publish -r RID -p:PublishAot=true` for
/// a NativeAOT binary, or `dotnet build` for a JIT build run with `dotnet NAME.dll`. A failure
/// reports the first compiler errors and where the project is.
/// </summary>
public static class DotnetBuilder
{
    public static TimeSpan Timeout { get; set; } = TimeSpan.FromMinutes(15);

    public static CSharpBuild Build(CSharpProject project, string rid, bool aot)
    {
        var outDir = Path.Combine(project.Directory, aot ? Path.Combine("publish", rid) : Path.Combine("build", "jit"));
        var args = aot
            ? new List<string> { "publish", project.ProjectFile, "-c", "Release", "-r", rid, "-p:PublishAot=true", "-o", outDir }
            : new List<string> { "build", project.ProjectFile, "-c", "Release", "-o", outDir };
        args.AddRange(["-nologo", "-v", "quiet", "-clp:NoSummary"]);
        var result = ProcessRunner.Run("dotnet", args, project.Directory, Timeout);
        if (result.TimedOut) throw new EdgeGenException($"building {project.Directory} with dotnet timed out");
        if (result.ExitCode != 0)
        {
            var errors = (result.StandardOutput + result.StandardError).Split('\n')
                .Where(l => l.Contains("error", StringComparison.OrdinalIgnoreCase))
                .Distinct()
                .Take(5)
                .Select(l => l.Trim());
            throw new EdgeGenException($"`dotnet {args[0]}` of the generated C# project failed: {string.Join(" | ", errors)} (project kept at {project.Directory})");
        }
        return aot
            ? new CSharpBuild(Path.Combine(outDir, project.AssemblyName), [], rid, true)
            : new CSharpBuild("dotnet", [Path.Combine(outDir, project.AssemblyName + ".dll")], rid, false);
    }
}
