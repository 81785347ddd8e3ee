using System.CommandLine;

namespace EdgeGen.Cli;

/// <summary>
/// The `edgegen` command line. User errors (EdgeGenException) print one line on stderr and exit 1;
/// wrong arguments print one line naming the problems, then a usage hint, and exit 2. Nothing prints a stack trace.
/// </summary>
public static class Program
{
    public static int Main(string[] args)
    {
        var root = new RootCommand("EdgeGen: compiles quantized neural networks (TFLite int8/int16x8) to specialized C for Cortex-M and Cortex-A, verified bit-exact in QEMU.");
        root.Subcommands.Add(DemoCommand.Create());
        root.Subcommands.Add(InspectCommand.Create());
        root.Subcommands.Add(BuildCommand.Create());
        root.Subcommands.Add(RunCommand.Create());
        root.Subcommands.Add(ExampleCommand.Create());
        root.Subcommands.Add(QuantizeCommand.Create());
        root.Subcommands.Add(BenchCommand.Create());

        var parsed = root.Parse(args);
        if (parsed.Errors.Count > 0)
        {
            Console.Error.WriteLine($"edgegen: {ArgumentError(root, parsed)}");
            Console.Error.WriteLine("edgegen: run 'edgegen --help' for usage");
            return 2;
        }
        return parsed.Invoke();
    }

    /// <summary>All of the parser's complaints as one line; an unknown or missing verb is named with the verbs there are.</summary>
    private static string ArgumentError(RootCommand root, ParseResult parsed)
    {
        if (parsed.CommandResult.Command == root)
        {
            var verbs = string.Join(", ", root.Subcommands.Select(c => c.Name));
            if (parsed.UnmatchedTokens.Count == 0) return $"no command given (commands: {verbs})";
            var token = parsed.UnmatchedTokens[0];
            return $"unknown {(token.StartsWith('-') ? "option" : "command")} '{token}' (commands: {verbs})";
        }
        return string.Join(" ", parsed.Errors.Select(e => e.Message.ReplaceLineEndings(" ")).Distinct());
    }

    /// <summary>Runs a command body, turning EdgeGen's own errors into one line on stderr and exit code 1.</summary>
    public static int Guard(Func<int> body)
    {
        try
        {
            return body();
        }
        catch (EdgeGenException e)
        {
            Console.Error.WriteLine($"edgegen: error: {e.Message.ReplaceLineEndings(" ")}");
            return 1;
        }
    }
}
