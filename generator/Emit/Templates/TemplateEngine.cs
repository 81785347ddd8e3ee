using HandlebarsDotNet;

namespace EdgeGen.Emit.Templates;

/// <summary>
/// Renders the Handlebars templates under templates/ (the fixed parts of emitted projects).
/// HTML escaping is off: templates produce C, C#, Makefiles and linker scripts.
/// </summary>
public static class TemplateEngine
{
    private static readonly IHandlebars Handlebars = HandlebarsDotNet.Handlebars.Create(new HandlebarsConfiguration { NoEscape = true });
    private static readonly Dictionary<string, HandlebarsTemplate<object, object>> Cache = new();
    private static readonly object Lock = new();

    public static string Render(string relativePath, object data)
    {
        HandlebarsTemplate<object, object> template;
        lock (Lock)
        {
            if (!Cache.TryGetValue(relativePath, out template!))
            {
                var path = Path.Combine(ResourcePaths.Templates, relativePath);
                if (!File.Exists(path)) throw new EdgeGenException($"template {relativePath} is missing from {ResourcePaths.Templates}");
                template = Handlebars.Compile(File.ReadAllText(path));
                Cache[relativePath] = template;
            }
        }
        return template(data);
    }
}
