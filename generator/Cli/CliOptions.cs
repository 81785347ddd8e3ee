using System.CommandLine;

namespace EdgeGen.Cli;

/// <summary>Arguments and options shared by several verbs.</summary>
internal static class CliOptions
{
    public static Argument<string> Model() => new("model") { Description = "the model file (.tflite)" };

    public static Option<string> Target() => new("--target")
    {
        Description = "target: host-ref (reference interpreter, run only), host, cortex-m0plus, cortex-m3, cortex-m4, cortex-m7, cortex-m33, cortex-m55, cortex-a53 (rpi3), cortex-a72 (rpi4), cortex-a76 (rpi5)",
        Required = true,
    };

    public static Option<string> Lang()
    {
        var option = new Option<string>("--lang")
        {
            Description = "language of the generated code: c (default) or csharp (NativeAOT C# for the host and Raspberry Pi)",
            DefaultValueFactory = _ => "c",
        };
        option.AcceptOnlyFromAmong("c", "csharp");
        return option;
    }

    public static Option<bool> Json() => new("--json") { Description = "print one JSON object on stdout instead of text" };
}
