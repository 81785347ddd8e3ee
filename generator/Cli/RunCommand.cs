using System.CommandLine;
using System.Globalization;
using System.Text.Json.Nodes;
using EdgeGen.Emit.C;
using EdgeGen.Import.TFLite;
using EdgeGen.Ir;
using EdgeGen.Pipeline;
using EdgeGen.Reference;
using EdgeGen.Targets;

namespace EdgeGen.Cli;

/// <summary>
/// `edgegen run MODEL --target T --input IN.bin [--input ...] --output OUT.bin [--json]`: host-ref
/// runs the reference interpreter; any other target generates, builds and runs the C project
/// (natively or in QEMU), writes the output tensor's raw bytes, and reports the figures and
/// whether the output equals the reference interpreter's.
/// </summary>
internal static class RunCommand
{
    public static Command Create()
    {
        var model = CliOptions.Model();
        var json = CliOptions.Json();
        var target = CliOptions.Target();
        var inputs = new Option<string[]>("--input") { Description = "raw bytes of an input tensor (repeat, in the model's input order)", Required = true };
        var output = new Option<string>("--output") { Description = "file to write the raw bytes of the (first) output tensor to", Required = true };
        var lang = CliOptions.Lang();
        var aot = new Option<bool>("--aot") { Description = "with --lang csharp: publish with NativeAOT (default: a JIT build run with dotnet)" };
        var repeat = new Option<int>("--repeat") { Description = "with --lang csharp: timed samples for ns_per_inference (0: no timing)", DefaultValueFactory = _ => CSharpVerbs.DefaultRepeat };
        var keep = new Option<string?>("--out") { Description = "keep the generated project in this directory (default: a temporary one, removed after a successful run)" };
        var profile = new Option<bool>("--profile") { Description = "also build with a timer read after every operator and print instructions per operator (QEMU targets: Cortex-M, Cortex-A with the counting plugin)" };
        var patch = CliOptions.Patch();
        var budget = CliOptions.RecomputeBudget();
        var stream = CliOptions.InputStream();
        var mixed = new MixedCliOptions();
        var kernels = new Option<string[]>("--kernel") { Description = "KIND=VARIANT (repeat): use this kernel variant for every operator of the kind instead of the cheapest estimated one, e.g. DEPTHWISE_CONV_2D=dsp_direct (to measure a variant the cost model does not pick)" };
        var eval = new Option<string?>("--eval") { Description = "with --mixed-precision: a directory of *.bin inputs on which the reference interpreter compares the mixed plan with the int8 model (top-1 agreement, mean absolute difference of dequantized outputs)" };
        var command = new Command("run", "run a model on raw input bytes (reference interpreter, host, or QEMU) and write the output tensor's raw bytes") { model, target, inputs, output, keep, json, profile, lang, aot, repeat, patch, budget, stream, kernels };
        foreach (var option in mixed.All.Append(eval)) command.Options.Add(option);
        command.SetAction(r => Program.Guard(() =>
        {
            var patches = CliOptions.PatchOptions(r, patch, budget, stream);
            var targetName = r.GetValue(target)!;
            var graph = TfliteImporter.Load(r.GetValue(model)!);
            patches = mixed.Apply(r, patch, patches, graph);
            var inputPaths = r.GetValue(inputs)!;
            var inputBytes = inputPaths.Select(CliFiles.Read).ToArray();
            ReferenceInterpreter.CheckInputs(graph, inputBytes, inputPaths);
            var outPath = r.GetValue(output)!;
            var quiet = r.GetValue(json);
            if (targetName == "host-ref")
            {
                if (patches.Mixed is not null) throw new EdgeGenException("--mixed-precision generates code; run it on host or a board target, not host-ref");
                var outputs = ReferenceInterpreter.Run(graph, inputBytes);
                CliFiles.Write(outPath, outputs[0]);
                if (quiet) Console.WriteLine(new JsonObject { ["target"] = targetName, ["model"] = graph.Name, ["output_bytes"] = outputs[0].Length }.ToJsonString());
                else Console.WriteLine($"{graph.Name} on {targetName}: wrote {outputs[0].Length} bytes to {outPath}");
                return 0;
            }
            var spec = TargetCatalog.Find(targetName);
            if (r.GetValue(lang) == "csharp" && patches.Mixed is not null) throw new EdgeGenException("--mixed-precision generates C only; drop --lang csharp");
            if (r.GetValue(lang) == "csharp") return CSharpVerbs.Run(graph, spec, inputBytes, outPath, r.GetValue(keep), r.GetValue(aot), r.GetValue(repeat), quiet);
            var dir = r.GetValue(keep) ?? Path.Combine(Path.GetTempPath(), $"edgegen-run-{Environment.ProcessId}-{graph.Name}-{spec.Name}");
            if (r.GetValue(profile) && patches.Request.Kind != Planning.Patches.PatchRequest.Kinds.Off)
                throw new EdgeGenException("--profile measures the layer-by-layer model; run it without --patch");
            var overrides = ParseOverrides(r.GetValue(kernels) ?? []);
            var run = Compiler.Run(graph, spec, inputBytes, dir, quiet ? null : Progress.Line, new CompileOptions(overrides, Patches: patches));
            CliFiles.Write(outPath, run.Measurement.Outputs[0]);
            var profiled = r.GetValue(profile)
                ? Compiler.Run(graph, spec, inputBytes, dir + "-profile", quiet ? null : Progress.Line, new CompileOptions(overrides, Profile: true))
                : null;
            var mixedFigures = MixedReport.Measure(run.Project.Model, inputBytes);
            var agreement = r.GetValue(eval) is { } evalDir
                ? Reference.Mixed.MixedAgreement.Measure(run.Project.Model.Mixed ?? throw new EdgeGenException("--eval is for --mixed-precision"), MixedCliOptions.ReadCalibration(evalDir, graph, "--eval"))
                : null;
            if (quiet)
            {
                var report = RunReport.Json(graph, spec, run);
                report["mixed_precision"] = MixedReport.Json(run.Project.Model, mixedFigures);
                if (agreement is not null) report["mixed_precision"]!["agreement"] = MixedReport.Json(agreement);
                if (profiled is not null) report["layers"] = ProfileReport.Json(graph, profiled);
                Console.WriteLine(report.ToJsonString());
            }
            else
            {
                Console.WriteLine(RunReport.Text(graph, spec, run, outPath));
                if (mixedFigures is not null) Console.WriteLine(MixedReport.Text(run.Project.Model, mixedFigures));
                if (agreement is not null) Console.WriteLine(MixedReport.Text(agreement));
                if (profiled is not null) Console.WriteLine(ProfileReport.Text(graph, spec, run, profiled));
            }
            var ok = run.MatchesReference && (profiled?.MatchesReference ?? true);
            if (r.GetValue(keep) is null && ok)
            {
                Directory.Delete(dir, recursive: true);
                if (profiled is not null) Directory.Delete(profiled.Project.Directory, recursive: true);
            }
            return ok ? 0 : 3;
        }));
        return command;
    }

    /// <summary>`--kernel KIND=VARIANT` values as overrides; a variant that does not apply fails in kernel selection, naming the ones that do.</summary>
    private static KernelOverrides? ParseOverrides(string[] values)
    {
        if (values.Length == 0) return null;
        var byKind = new Dictionary<string, string>();
        foreach (var v in values)
        {
            var parts = v.Split('=', 2);
            if (parts.Length != 2 || parts[0].Length == 0 || parts[1].Length == 0)
                throw new EdgeGenException($"--kernel {v}: expected KIND=VARIANT, e.g. DEPTHWISE_CONV_2D=dsp_direct");
            byKind[parts[0].ToUpperInvariant()] = parts[1];
        }
        return new KernelOverrides(byKind);
    }
}

/// <summary>How `run` reports a firmware run, as text or JSON.</summary>
internal static class RunReport
{
    public static JsonObject Json(Graph graph, TargetSpec target, FirmwareRun run) => new()
    {
        ["target"] = target.Name,
        ["model"] = graph.Name,
        ["output_bytes"] = run.Measurement.Outputs[0].Length,
        ["matches_reference"] = run.MatchesReference,
        ["instructions"] = run.Measurement.Instructions,
        ["macs"] = graph.TotalMacs,
        ["instructions_per_mac"] = run.Measurement.Instructions is { } i && graph.TotalMacs > 0 ? Math.Round((double)i / graph.TotalMacs, 3) : null,
        ["arena_bytes"] = run.Figures.ArenaBytes,
        ["flash_bytes"] = run.Figures.FlashBytes,
        ["model_flash_bytes"] = run.Figures.ModelFlashBytes,
        ["stack_bytes"] = run.Figures.StackBytes,
        ["measured_stack_bytes"] = run.Measurement.MeasuredStackBytes,
        ["peak_ram_bytes"] = PatchReport.Ram(run.Project.Model).PeakBytes,
        ["activation_ram_bytes"] = PatchReport.Ram(run.Project.Model).ActivationBytes,
        ["patch"] = PatchReport.Json(run.Project.Model),
        ["project"] = run.Project.Directory,
    };

    public static string Text(Graph graph, TargetSpec target, FirmwareRun run, string outPath)
    {
        var c = CultureInfo.InvariantCulture;
        var lines = new List<string>
        {
            $"{graph.Name} on {target.Name}{(target.Qemu is { } q ? $" (QEMU {q.Describe()})" : "")}",
            $"  output             {run.Measurement.Outputs[0].Length} bytes written to {outPath}{TopClass(graph, run.Measurement.Outputs[0])}",
            $"  matches reference  {(run.MatchesReference ? "yes, bit-exact" : "NO: the generated code differs from the reference interpreter")}",
        };
        if (run.Measurement.Instructions is { } insns)
            lines.Add(string.Format(c, "  instructions       {0:N0}{1}", insns, graph.TotalMacs > 0 ? string.Format(c, " ({0:F2} per MAC, {1:N0} MACs)", (double)insns / graph.TotalMacs, graph.TotalMacs) : ""));
        lines.Add(string.Format(c, "  arena              {0:N0} bytes", run.Figures.ArenaBytes));
        lines.Add(PatchReport.Text(run.Project.Model));
        lines.Add(string.Format(c, "  flash              {0:N0} bytes (model alone {1:N0}, of which weights {2:N0})", run.Figures.FlashBytes, run.Figures.ModelFlashBytes, graph.WeightBytes));
        lines.Add(string.Format(c, "  stack              {0:N0} bytes (worst case from -fstack-usage){1}", run.Figures.StackBytes,
            run.Measurement.MeasuredStackBytes is { } s ? string.Format(c, "; {0:N0} measured", s) : ""));
        return string.Join("\n", lines);
    }

    /// <summary>For a classifier-shaped output (one row of scores), the top class and its dequantized score.</summary>
    private static string TopClass(Graph graph, byte[] output)
    {
        var t = graph[graph.Outputs[0]];
        if (t.Type != DataType.Int8 || t.Quantization is null || t.Shape.ElementCount < 2 || t.Shape.ElementCount > 1000) return "";
        var values = output.Select(b => (sbyte)b).ToArray();
        var best = Array.IndexOf(values, values.Max());
        return string.Format(CultureInfo.InvariantCulture, "; top-1 class {0} (score {1:F3})", best, t.Quant.Scale * (values[best] - t.Quant.ZeroPoint));
    }
}
