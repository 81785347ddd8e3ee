using System.Buffers.Binary;
using System.Collections.Immutable;
using EdgeGen.Export;
using EdgeGen.Import.TFLite;
using EdgeGen.Ir;
using EdgeGen.Tests.Support;
using Xunit;

namespace EdgeGen.Tests.Import;

/// <summary>
/// What a user sees for bad input, through the real CLI process: a non-zero exit code, exactly one
/// line on stderr (two for argument errors: the problem, then the usage hint), no stack trace, and
/// a message that names the culprit. Broken models are made with the writer from the shipped
/// example model, so these tests need nothing from ../shared.
/// </summary>
public sealed class BadInputTests : IDisposable
{
    private static readonly string ExampleModel = Path.Combine(Repo.Root, "generator", "Examples", "kws_example.tflite");
    private static readonly string ExampleInput = Path.Combine(Repo.Root, "generator", "Examples", "kws_example_input.bin");
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("edgegen-bad-input-");

    public void Dispose() => _dir.Delete(recursive: true);

    [Fact]
    public void Not_a_tflite_file()
    {
        var path = WriteFile("notes.tflite", System.Text.Encoding.UTF8.GetBytes("These are my notes, not a neural network.\n"));
        AssertUserError(Inspect(path), path, "not a TFLite model");
    }

    [Fact]
    public void Empty_file()
    {
        var path = WriteFile("empty.tflite", Array.Empty<byte>());
        AssertUserError(Inspect(path), path, "not a TFLite model", "0 bytes");
    }

    [Theory]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(8)]
    [InlineData(64)]
    [InlineData(1024)]
    [InlineData(-4096)]
    [InlineData(-1000)]
    [InlineData(-4)]
    [InlineData(-1)]
    public void Truncated_file(int keep)
    {
        var bytes = File.ReadAllBytes(ExampleModel);
        var length = keep > 0 ? keep : bytes.Length + keep;
        var path = WriteFile($"truncated_{length}.tflite", bytes[..length]);
        var result = Inspect(path);
        AssertUserError(result, path);
        Assert.True(result.Stderr.Contains("corrupt FlatBuffer") || result.Stderr.Contains("not a TFLite model"), result.ToString());
    }

    public static IEnumerable<object[]> OffsetPatches() => new[]
    {
        new object[] { "root offset" },
        new object[] { "root vtable offset" },
        new object[] { "subgraphs offset" },
        new object[] { "buffers offset" },
    };

    [Theory]
    [MemberData(nameof(OffsetPatches))]
    public void Offset_pointing_outside_the_file(string which)
    {
        var bytes = File.ReadAllBytes(ExampleModel);
        var root = U32(bytes, 0);
        var vtable = root - U32(bytes, root);
        int Field(int index) => root + BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(vtable + 4 + 2 * index));
        var (position, value) = which switch
        {
            "root offset" => (0, 0x7FFF_FF00),
            "root vtable offset" => (root, -0x4000_0000), // the vtable would lie after the end
            "subgraphs offset" => (Field(2), bytes.Length + 100),
            _ => (Field(4), bytes.Length - Field(4)), // exactly one past the last byte
        };
        BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(position), value);
        var path = WriteFile("bad_offset.tflite", bytes);
        AssertUserError(Inspect(path), path, "corrupt FlatBuffer", "outside the file");
    }

    [Fact]
    public void Constant_whose_shape_claims_more_bytes_than_its_buffer()
    {
        var path = WriteModel("big_constant.tflite", g => WithShape(g, "conv1/weights", new Shape(32, 10, 4, 2)));
        AssertUserError(Inspect(path), path, "'conv1/weights'", "claims 2560 bytes", "holds 1280 bytes");
    }

    [Fact]
    public void Constant_claiming_an_enormous_size_is_rejected_before_allocating()
    {
        var graph = WithShape(Example(), "conv1/weights", new Shape(65536, 65536, 65536, 4));
        var bytes = TfliteWriter.Write(graph);
        var before = GC.GetAllocatedBytesForCurrentThread();
        var e = Assert.Throws<EdgeGenException>(() => TfliteImporter.Read(bytes, "enormous.tflite", "enormous"));
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Contains("claims 1125899906842624 bytes", e.Message);
        Assert.True(allocated < 4 * bytes.Length + (1 << 20), $"import allocated {allocated} bytes for a {bytes.Length}-byte file");

        var path = WriteFile("enormous.tflite", bytes);
        AssertUserError(Inspect(path), path, "'conv1/weights'", "holds 1280 bytes");
    }

    [Fact]
    public void Activation_claiming_more_than_1_GiB()
    {
        var path = WriteModel("huge_activation.tflite", g => WithShape(g, "conv1/relu", new Shape(1, 1024, 1024, 1025)));
        AssertUserError(Inspect(path), path, "'conv1/relu'", "claims 1074790400 bytes", "more than the 1073741824 bytes");
    }

    [Fact]
    public void Two_different_unsupported_operators_are_named_in_one_message()
    {
        // MUL has a code that fits the old byte field; GELU (150) only fits the extended one.
        var path = WriteModel("unsupported.tflite", g => g.WithOperators(g.Operators.Select((op, i) => i switch
        {
            9 => new RawOperator("MUL", op.Inputs, op.Outputs),
            12 => (Operator)new RawOperator("GELU", op.Inputs, op.Outputs),
            _ => op,
        })));
        AssertUserError(Inspect(path), path, "unsupported operators", "#9 MUL", "#12 GELU");
    }

    [Fact]
    public void Input_file_of_the_wrong_size()
    {
        var input = WriteFile("short.bin", new byte[100]);
        var result = EdgegenCli.Run("run", ExampleModel, "--target", "host-ref", "--input", input, "--output", Out());
        AssertUserError(result, input, "has 100 bytes", "needs 490");
    }

    [Fact]
    public void Missing_model_file()
    {
        var path = Path.Combine(_dir.FullName, "no_such_model.tflite");
        AssertUserError(Inspect(path), path, "not found");
    }

    [Fact]
    public void Missing_input_file()
    {
        var input = Path.Combine(_dir.FullName, "no_such_input.bin");
        var result = EdgegenCli.Run("run", ExampleModel, "--target", "host-ref", "--input", input, "--output", Out());
        AssertUserError(result, input, "not found");
    }

    [Fact]
    public void Unknown_target()
    {
        var result = EdgegenCli.Run("run", ExampleModel, "--target", "mars", "--input", ExampleInput, "--output", Out());
        AssertUserError(result, "'mars'", "host-ref");
    }

    [Fact]
    public void Unknown_verb()
    {
        AssertArgumentError(EdgegenCli.Run("frobnicate", ExampleModel), "unknown command 'frobnicate'", "inspect");
    }

    [Fact]
    public void Missing_option()
    {
        AssertArgumentError(EdgegenCli.Run("run", ExampleModel, "--input", ExampleInput, "--output", Out()), "--target");
    }

    [Fact]
    public void The_example_model_itself_runs()
    {
        var output = Out();
        var result = EdgegenCli.Run("run", ExampleModel, "--target", "host-ref", "--input", ExampleInput, "--output", output);
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal(12, new FileInfo(output).Length);
    }

    // ---- helpers ----

    private sealed record RawOperator(string Name, ImmutableArray<int> Inputs, ImmutableArray<int> Outputs) : Operator(Inputs, Outputs)
    {
        public override string Kind => Name;
        public override void Validate(Graph graph) { }
    }

    private static Graph Example() => TfliteImporter.Load(ExampleModel);

    private static Graph WithShape(Graph g, string tensor, Shape shape)
    {
        var t = g.Tensors.Single(x => x.Name == tensor);
        return g with { Tensors = g.Tensors.SetItem(t.Id, t with { Shape = shape }) };
    }

    private string WriteModel(string name, Func<Graph, Graph> change) => WriteFile(name, TfliteWriter.Write(change(Example())));

    private string WriteFile(string name, byte[] bytes)
    {
        var path = Path.Combine(_dir.FullName, name);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    private string Out() => Path.Combine(_dir.FullName, "out.bin");

    private static EdgegenCli.Result Inspect(string path) => EdgegenCli.Run("inspect", path);

    private static int U32(byte[] bytes, int position) => BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(position));

    private static void AssertUserError(EdgegenCli.Result result, params string[] mentions)
    {
        Assert.True(result.ExitCode == 1, result.ToString());
        var line = Assert.Single(result.StderrLines);
        Assert.StartsWith("edgegen: error: ", line);
        AssertClean(result, line, mentions);
    }

    private static void AssertArgumentError(EdgegenCli.Result result, params string[] mentions)
    {
        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Equal(2, result.StderrLines.Length);
        Assert.Equal("edgegen: run 'edgegen --help' for usage", result.StderrLines[1]);
        AssertClean(result, result.StderrLines[0], mentions);
    }

    private static void AssertClean(EdgegenCli.Result result, string message, string[] mentions)
    {
        Assert.DoesNotContain("   at ", result.Stderr + result.Stdout);
        Assert.DoesNotContain("Exception", result.Stderr);
        foreach (var m in mentions) Assert.True(message.Contains(m, StringComparison.Ordinal), $"message should mention {m}: {message}");
    }
}
