namespace EdgeGen.Cli;

/// <summary>Reading and writing the user's raw tensor files with one-line errors.</summary>
internal static class CliFiles
{
    public static byte[] Read(string path)
    {
        try { return File.ReadAllBytes(path); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new EdgeGenException($"{path}: cannot read input file ({(e is FileNotFoundException or DirectoryNotFoundException ? "not found" : e.Message)})");
        }
    }

    public static void WriteText(string path, string text) => Write(path, System.Text.Encoding.UTF8.GetBytes(text));

    public static void Write(string path, byte[] bytes)
    {
        try { File.WriteAllBytes(path, bytes); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new EdgeGenException($"{path}: cannot write output file ({e.Message})");
        }
    }
}
