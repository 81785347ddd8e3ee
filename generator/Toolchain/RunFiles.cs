namespace EdgeGen.Toolchain;

/// <summary>
/// The raw tensor files of one harness run in a project's run/ directory: input0.bin... written,
/// stale output0.bin... removed, and the harness's file arguments (inputs, then outputs).
/// </summary>
public sealed record RunFiles(string Directory, IReadOnlyList<string> Arguments, IReadOnlyList<string> Outputs)
{
    public static RunFiles Prepare(string projectDirectory, IReadOnlyList<byte[]> inputs, int outputCount)
    {
        var runDir = Path.Combine(projectDirectory, "run");
        System.IO.Directory.CreateDirectory(runDir);
        var args = new List<string>();
        for (var i = 0; i < inputs.Count; i++)
        {
            File.WriteAllBytes(Path.Combine(runDir, $"input{i}.bin"), inputs[i]);
            args.Add($"input{i}.bin");
        }
        var outputs = Enumerable.Range(0, outputCount).Select(i => $"output{i}.bin").ToList();
        foreach (var o in outputs) File.Delete(Path.Combine(runDir, o));
        args.AddRange(outputs);
        return new RunFiles(runDir, args, outputs);
    }

    /// <summary>The output files the run wrote; a missing one is an error naming <paramref name="what"/>.</summary>
    public byte[][] ReadOutputs(string what) => Outputs.Select(o => Path.Combine(Directory, o))
        .Select(p => File.Exists(p) ? File.ReadAllBytes(p) : throw new EdgeGenException($"{what} wrote no output file {p}"))
        .ToArray();
}
