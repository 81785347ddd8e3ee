using System.CommandLine;
using System.Globalization;
using EdgeGen.Ir;
using EdgeGen.Pipeline;
using EdgeGen.Planning.Mixed;
using EdgeGen.Planning.Patches;
using EdgeGen.Reference;

namespace EdgeGen.Cli;

/// <summary>`--mixed-precision`, `--calibration DIR` and the search's knobs, shared by build and run.</summary>
internal sealed class MixedCliOptions
{
    public Option<bool> Enabled { get; } = new("--mixed-precision")
    {
        Description = "value-driven mixed precision (QuantMCU) in the patch stage: low-bit packed feature maps searched on --calibration inputs, an int8 path for patches with outliers (implies --patch auto unless --patch gives a ROWSxCOLS@OP plan)",
    };

    public Option<string?> Calibration { get; } = new("--calibration") { Description = "with --mixed-precision: a directory of calibration inputs, *.bin files each holding the raw bytes of the model input" };

    public Option<double> OutlierShare { get; } = new("--outlier-share")
    {
        Description = "with --mixed-precision: percent of calibration patches whose input windows the outlier threshold leaves above it (they run at 8 bits)",
        DefaultValueFactory = _ => MixedSearchOptions.Default.OutlierShare * 100,
    };

    public Option<double> EntropyBudget { get; } = new("--entropy-budget")
    {
        Description = "with --mixed-precision: percent of the patch-stage feature maps' entropy the low-bit codes may lose in all",
        DefaultValueFactory = _ => MixedSearchOptions.Default.EntropyBudget * 100,
    };

    public IEnumerable<Option> All => new Option[] { Enabled, Calibration, OutlierShare, EntropyBudget };

    /// <summary>The patch options with mixed precision added when asked for (the calibration inputs read and checked against the model).</summary>
    public PatchOptions Apply(ParseResult r, Option<string> patch, PatchOptions patches, Graph graph)
    {
        var dir = r.GetValue(Calibration);
        if (!r.GetValue(Enabled))
        {
            if (dir is not null) throw new EdgeGenException("--calibration is for --mixed-precision; add --mixed-precision or drop --calibration");
            return patches;
        }
        if (dir is null) throw new EdgeGenException("--mixed-precision needs --calibration DIR (a directory of *.bin files, each the raw bytes of the model input)");
        if (patches.Request.Kind == PatchRequest.Kinds.Off && r.GetResult(patch) is { Implicit: false })
            throw new EdgeGenException("--mixed-precision needs patch-based inference: use --patch auto or --patch ROWSxCOLS@OP, not --patch off");
        var share = Percent(r.GetValue(OutlierShare), "--outlier-share", 100);
        var budget = Percent(r.GetValue(EntropyBudget), "--entropy-budget", 100);
        var request = patches.Request.Kind == PatchRequest.Kinds.Off ? PatchRequest.Auto : patches.Request;
        return patches with { Request = request, Mixed = new MixedOptions(ReadCalibration(dir, graph), Search: new MixedSearchOptions(share, budget)) };
    }

    /// <summary>Every *.bin file of the directory (sorted by name), each checked to be one whole model input.</summary>
    public static IReadOnlyList<byte[]> ReadCalibration(string dir, Graph graph, string option = "--calibration")
    {
        if (!Directory.Exists(dir)) throw new EdgeGenException($"{option} {dir}: no such directory");
        var files = Directory.GetFiles(dir, "*.bin").Order(StringComparer.Ordinal).ToList();
        if (files.Count == 0) throw new EdgeGenException($"{option} {dir}: the directory holds no *.bin files (each must be the raw bytes of the model input)");
        if (graph.Inputs.Length != 1) throw new EdgeGenException($"model '{graph.Name}': {option} files hold one input, the model has {graph.Inputs.Length}");
        var inputs = new List<byte[]>();
        foreach (var file in files)
        {
            var bytes = CliFiles.Read(file);
            ReferenceInterpreter.CheckInputs(graph, new[] { bytes }, new[] { file });
            inputs.Add(bytes);
        }
        return inputs;
    }

    private static double Percent(double value, string name, double max)
    {
        if (!(value >= 0 && value <= max)) throw new EdgeGenException(string.Format(CultureInfo.InvariantCulture, "{0} {1}: expected a percentage from 0 to {2}", name, value, max));
        return value / 100;
    }
}
