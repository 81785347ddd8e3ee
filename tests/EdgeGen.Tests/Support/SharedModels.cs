using System.Text.Json;

namespace EdgeGen.Tests.Support;

/// <summary>The models, input cases and golden outputs under ../shared/models, read from their manifest.json files.</summary>
public static class SharedModels
{
    public sealed record Case(string Model, string ModelPath, string Name, string InputPath, string OutputPath)
    {
        public override string ToString() => $"{Model}/{Name}";
    }

    public static IEnumerable<string> ModelNames() => !SharedData.Available
        ? Array.Empty<string>()
        : Directory.GetDirectories(Repo.Models)
            .Where(d => File.Exists(Path.Combine(d, "manifest.json")))
            .Select(Path.GetFileName)
            .OfType<string>()
            .Order(StringComparer.Ordinal);

    public static string ModelPath(string model)
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(Repo.Models, model, "manifest.json")));
        return Path.Combine(Repo.Models, model, doc.RootElement.GetProperty("model_file").GetString()!);
    }

    public static IEnumerable<Case> Cases(string model)
    {
        var dir = Path.Combine(Repo.Models, model);
        using var doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir, "manifest.json")));
        var modelPath = Path.Combine(dir, doc.RootElement.GetProperty("model_file").GetString()!);
        foreach (var c in doc.RootElement.GetProperty("cases").EnumerateArray())
            yield return new Case(model, modelPath, c.GetProperty("name").GetString()!,
                Path.Combine(dir, c.GetProperty("input").GetString()!),
                Path.Combine(dir, c.GetProperty("output").GetString()!));
    }

    public static IEnumerable<Case> AllCases() => ModelNames().SelectMany(Cases);

    /// <summary>xunit member data: one row per case, named model/case.</summary>
    public static IEnumerable<object[]> CaseData() => AllCases().Select(c => new object[] { c.Model, c.Name });

    public static IEnumerable<object[]> ModelData() => ModelNames().Select(m => new object[] { m });

    public static Case Find(string model, string name) => Cases(model).Single(c => c.Name == name);
}
