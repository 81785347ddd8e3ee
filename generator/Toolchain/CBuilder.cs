using EdgeGen.Emit.Project;

namespace EdgeGen.Toolchain;

/// <summary>Builds a generated project with its Makefile; a failure reports the compiler's first errors and where the project is.</summary>
public static class CBuilder
{
    public static void Build(GeneratedProject project)
    {
        Toolchains.RequireMake();
        Toolchains.RequireCompiler(project.Model.Target);
        var result = ProcessRunner.Run("make", new[] { "-s", "-j2" }, project.Directory, TimeSpan.FromMinutes(15));
        if (result.TimedOut) throw new EdgeGenException($"building {project.Directory} timed out");
        if (result.ExitCode != 0)
        {
            var errors = (result.StandardError + result.StandardOutput)
                .Split('\n')
                .Where(l => l.Contains("error", StringComparison.OrdinalIgnoreCase))
                .Take(5)
                .Select(l => l.Trim());
            throw new EdgeGenException($"compiling the generated project failed: {string.Join(" | ", errors)} (project kept at {project.Directory})");
        }
    }
}
