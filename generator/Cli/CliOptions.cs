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

    public static Option<string> Patch() => new("--patch")
    {
        Description = "patch-based inference: off, auto (the plan with the least peak RAM within the recompute budget), or ROWSxCOLS@OP (tiles of operator #OP's output; operators #0..#OP run tile by tile)",
        DefaultValueFactory = _ => "off",
    };

    public static Option<double> RecomputeBudget() => new("--recompute-budget")
    {
        Description = "with --patch auto: the extra MACs patches may recompute, in percent of the model's MACs",
        DefaultValueFactory = _ => 10.0,
    };

    public static Option<bool> InputStream() => new("--input-stream")
    {
        Description = "with patches: the generated code asks the application (NAME_read_input) for each input window it reads instead of taking the whole input",
    };

    /// <summary>The patch options of a parsed command line.</summary>
    public static Pipeline.PatchOptions PatchOptions(ParseResult r, Option<string> patch, Option<double> budget, Option<bool> inputStream)
    {
        var percent = r.GetValue(budget);
        if (!(percent >= 0) || double.IsInfinity(percent)) throw new EdgeGenException($"--recompute-budget {percent}: expected a percentage >= 0");
        return new(Planning.Patches.PatchRequest.Parse(r.GetValue(patch)!), percent / 100, r.GetValue(inputStream));
    }
}
