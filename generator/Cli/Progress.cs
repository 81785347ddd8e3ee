namespace EdgeGen.Cli;

/// <summary>Progress lines on stderr, so stdout stays the result (and clean JSON with --json).</summary>
internal static class Progress
{
    public static void Line(string message) => Console.Error.WriteLine($"edgegen: {message}...");
}
