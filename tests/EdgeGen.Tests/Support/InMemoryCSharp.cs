using System.Reflection;
using System.Runtime.Loader;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace EdgeGen.Tests.Support;

/// <summary>
/// Compiles C# sources in memory with Roslyn (release optimizations, unsafe allowed, every warning
/// an error, as the generated csproj sets) against this runtime's framework assemblies, and loads
/// the result into a collectible load context.
/// </summary>
public static class InMemoryCSharp
{
    private static readonly Lazy<MetadataReference[]> Framework = new(() =>
        ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!)
            .Split(Path.PathSeparator)
            .Where(p => Path.GetFileName(p).StartsWith("System.", StringComparison.Ordinal) || Path.GetFileName(p) is "mscorlib.dll" or "netstandard.dll")
            .Select(p => (MetadataReference)MetadataReference.CreateFromFile(p))
            .ToArray());

    public static Assembly Compile(string assemblyName, IReadOnlyDictionary<string, string> sources)
    {
        var parse = new CSharpParseOptions(LanguageVersion.Latest);
        var trees = sources.OrderBy(kv => kv.Key, StringComparer.Ordinal)
            .Select(kv => CSharpSyntaxTree.ParseText(kv.Value, parse, path: kv.Key));
        var options = new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary)
            .WithAllowUnsafe(true)
            .WithOptimizationLevel(OptimizationLevel.Release)
            .WithNullableContextOptions(NullableContextOptions.Enable)
            .WithGeneralDiagnosticOption(ReportDiagnostic.Error)
            .WithDeterministic(true);
        var compilation = CSharpCompilation.Create(assemblyName, trees, Framework.Value, options);
        using var image = new MemoryStream();
        var result = compilation.Emit(image);
        var problems = result.Diagnostics.Where(d => d.Severity >= DiagnosticSeverity.Warning).ToList();
        if (!result.Success || problems.Count > 0)
            throw new InvalidOperationException($"the generated C# of {assemblyName} does not compile cleanly:\n" + string.Join("\n", problems.Take(20)));
        image.Position = 0;
        return new AssemblyLoadContext(assemblyName, isCollectible: true).LoadFromStream(image);
    }
}
