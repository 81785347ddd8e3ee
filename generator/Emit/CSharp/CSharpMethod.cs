using System.Text;

namespace EdgeGen.Emit.CSharp;

/// <summary>Writes a kernel as a private static method of the model class, its body indented and, when it reads static data, pinned by fixed statements.</summary>
public static class CSharpMethod
{
    public static string Static(string name, string parameters, string body, IReadOnlyList<string>? pinned = null)
    {
        var sb = new StringBuilder();
        // Optimized at once under the JIT (no tier-0 pass over hot loops); NativeAOT ignores it.
        sb.Append("    [MethodImpl(MethodImplOptions.AggressiveOptimization)]\n");
        sb.Append("    private static void ").Append(name).Append('(').Append(parameters).Append(")\n    {\n");
        var indent = "        ";
        if (pinned is { Count: > 0 })
        {
            foreach (var p in pinned) sb.Append(indent).Append(p).Append('\n');
            sb.Append(indent).Append("{\n");
            indent += "    ";
        }
        foreach (var line in body.TrimEnd().Split('\n')) sb.Append(line.Length == 0 ? "" : indent + line).Append('\n');
        if (pinned is { Count: > 0 }) sb.Append("        }\n");
        sb.Append("    }\n");
        return sb.ToString();
    }
}
