using System.CommandLine;

namespace EdgeGen.Cli;

/// <summary>Arguments and options shared by several verbs.</summary>
internal static class CliOptions
{
    public static Argument<string> Model() => new("model") { Description = "the model file (.tflite)" };

    public static Option<bool> Json() => new("--json") { Description = "print one JSON object on stdout instead of text" };
}
