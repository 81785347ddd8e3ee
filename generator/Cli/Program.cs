using System.CommandLine;

namespace EdgeGen.Cli;

/// <summary>
/// The `edgegen` command line. User errors (EdgeGenException) print one line on stderr and exit 1;
/// wrong arguments print one line per problem and exit 2. Nothing prints a stack trace.
/// </summary>
public static class Program
{
    public static int Main(string[] args)
    {
        var root = new RootCommand("EdgeGen: compiles quantized neural networks (TFLite int8/int16x8) to specialized C for Cortex-M and Cortex-A, verified bit-exact in QEMU.");
        root.Subcommands.Add(InspectCommand.Create());
        root.Subcommands.Add(BuildCommand.Create());
        root.Subcommands.Add(RunCommand.Create());
        root.Subcommands.Add(BenchCommand.Create());

        var parsed = root.Parse(args);
        if (parsed.Errors.Count > 0)
        {
            foreach (var error in parsed.Errors) Console.Error.WriteLine($"edgegen: {error.Message}");
            Console.Error.WriteLine("edgegen: run 'edgegen --help' for usage");
            return 2;
        }
        return parsed.Invoke();
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
            Console.Error.WriteLine($"edgegen: error: {e.Message}");
            return 1;
        }
    }
}
