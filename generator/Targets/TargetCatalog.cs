namespace EdgeGen.Targets;

/// <summary>The targets described under targets/*.json, found by name or alias.</summary>
public static class TargetCatalog
{
    private static readonly Lazy<IReadOnlyList<TargetSpec>> All = new(Load);

    public static IReadOnlyList<TargetSpec> Targets => All.Value;

    public static TargetSpec Find(string name)
    {
        var target = Targets.FirstOrDefault(t => t.Name == name || t.Aliases.Contains(name));
        return target ?? throw new EdgeGenException(
            $"unknown target '{name}' (available: {string.Join(", ", Targets.Select(t => t.Name).Prepend("host-ref"))})");
    }

    private static IReadOnlyList<TargetSpec> Load()
    {
        var dir = ResourcePaths.Targets;
        return Directory.GetFiles(dir, "*.json")
            .Order(StringComparer.Ordinal)
            .Select(f => TargetSpec.Parse(File.ReadAllText(f), f))
            .ToList();
    }
}
