using System.Globalization;
using System.Text;
using EdgeGen.Import.TFLite;
using EdgeGen.Pipeline;
using EdgeGen.Targets;
using EdgeGen.Toolchain;

namespace EdgeGen.Cli;

/// <summary>
/// `edgegen bench --lang csharp`: per shared model on this machine, the median time per inference
/// of the NativeAOT C# build against the generated C built with the host gcc (-O2), and the ratio.
/// Both harnesses time the same way (medians of back-to-back batches), one model at a time.
/// </summary>
internal static class LanguageBench
{
    public static int Run(string modelsDir, int repeat)
    {
        var host = TargetCatalog.Find("host");
        var rows = BenchModel.Discover(modelsDir).Select(m => Measure(m, host, repeat)).ToList();
        Console.WriteLine(Render(rows, repeat));
        return rows.All(r => r.BitExact) ? 0 : 3;
    }

    private sealed record Row(string Model, long Macs, double CNs, double CSharpNs, bool BitExact);

    private static Row Measure(BenchModel model, TargetSpec host, int repeat)
    {
        Progress.Line($"{model.Name}: C (gcc) and C# (NativeAOT) on the host");
        var graph = TfliteImporter.Load(model.ModelPath);
        var inputs = new[] { CliFiles.Read(model.InputPath) };
        var root = Path.Combine(Path.GetTempPath(), $"edgegen-bench-lang-{Environment.ProcessId}-{model.Name}");
        var c = Compiler.Run(graph, host, inputs, Path.Combine(root, "c"));
        var cNs = HostTimer.NsPerInference(c.Project, inputs, repeat);
        var cs = CSharpCompiler.Run(graph, host, inputs, Path.Combine(root, "csharp"), aot: true, repeat);
        var exact = c.MatchesReference && cs.MatchesReference;
        if (exact) Directory.Delete(root, recursive: true);
        return new Row(model.Name, graph.TotalMacs, cNs, cs.Measurement.NsPerInference ?? double.NaN, exact);
    }

    private static string Render(IReadOnlyList<Row> rows, int repeat)
    {
        var c = CultureInfo.InvariantCulture;
        var sb = new StringBuilder();
        sb.AppendLine($"edgegen bench --lang csharp on this machine ({Environment.ProcessorCount} cores): median of {repeat} samples, time per inference");
        var header = string.Format(c, "{0,-24} {1,11} {2,12} {3,14} {4,8} {5,9}", "model", "MACs", "C gcc (ns)", "C# AOT (ns)", "C#/C", "bit-exact");
        sb.AppendLine(header).AppendLine(new string('-', header.Length));
        foreach (var r in rows)
            sb.AppendLine(string.Format(c, "{0,-24} {1,11:N0} {2,12:N0} {3,14:N0} {4,8:F2} {5,9}", r.Model, r.Macs, r.CNs, r.CSharpNs, r.CSharpNs / r.CNs, r.BitExact ? "yes" : "NO"));
        var geo = Math.Exp(rows.Average(r => Math.Log(r.CSharpNs / r.CNs)));
        sb.Append(string.Format(c, "geometric mean C#/C: {0:F2}; worst: {1:F2}", geo, rows.Max(r => r.CSharpNs / r.CNs)));
        return sb.ToString();
    }
}
