using EdgeGen.Import.TFLite;
using EdgeGen.Ir;
using S = EdgeGen.Import.TFLite.TfliteSchema;

namespace EdgeGen.Export;

/// <summary>
/// Serializes a graph into a .tflite file (schema version 3, identifier "TFL3", one subgraph) that
/// <see cref="TfliteImporter"/> reads back into an equal graph. Buffer 0 is the empty sentinel;
/// every constant tensor gets its own buffer, 16-byte aligned; activations refer to buffer 0.
/// Operator codes are listed in order of first use. The writer stores the graph as it is: checking
/// it is the importer's and validator's job, so tests can also write deliberately broken models.
/// </summary>
public static class TfliteWriter
{
    public const uint SchemaVersion = 3;
    public const string FileIdentifier = "TFL3";
    public const int BufferAlignment = 16;

    public static byte[] Write(Graph graph, string description = "EdgeGen")
    {
        var b = new FlatBufferBuilder(64 * 1024 + (int)Math.Min(graph.WeightBytes * 2, 1 << 28));
        // Children before parents: the data ends up at the back of the file, the model table in front.
        var (buffers, bufferOf) = WriteBuffers(b, graph);
        var tensors = graph.Tensors.Select(t => WriteTensor(b, t, bufferOf.GetValueOrDefault(t.Id))).ToArray();
        var codes = OperatorCodeList(graph);
        var operators = graph.Operators.Select(op => WriteOperator(b, graph, op, codes.IndexOf(op.Kind))).ToArray();
        var subgraph = WriteSubgraph(b, graph, tensors, operators);
        var codeTables = codes.Select(name => WriteOperatorCode(b, name)).ToArray();

        var codesVector = b.CreateOffsetVector(codeTables);
        var subgraphsVector = b.CreateOffsetVector(new[] { subgraph });
        var descriptionString = b.CreateString(description);
        b.StartTable();
        b.AddUInt32(S.Model.Version, SchemaVersion);
        b.AddOffset(S.Model.OperatorCodes, codesVector);
        b.AddOffset(S.Model.Subgraphs, subgraphsVector);
        b.AddOffset(S.Model.Description, descriptionString);
        b.AddOffset(S.Model.Buffers, buffers);
        return b.Finish(b.EndTable(), FileIdentifier);
    }

    /// <summary>Writes the model to a file; I/O problems become <see cref="EdgeGenException"/>s naming the path.</summary>
    public static void Save(Graph graph, string path)
    {
        var bytes = Write(graph);
        try { File.WriteAllBytes(path, bytes); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new EdgeGenException($"{path}: cannot write the model ({e.Message})");
        }
    }

    private static (int Vector, Dictionary<int, uint> BufferOf) WriteBuffers(FlatBufferBuilder b, Graph graph)
    {
        var constants = graph.Tensors.Where(t => t.IsConstant).ToArray();
        var bufferOf = new Dictionary<int, uint>();
        var tables = new int[constants.Length + 1];
        b.StartTable();
        tables[0] = b.EndTable(); // the empty sentinel every activation refers to
        for (var i = 0; i < constants.Length; i++)
        {
            var data = b.CreateByteVector(constants[i].Data, BufferAlignment);
            b.StartTable();
            b.AddOffset(S.Buffer.Data, data);
            tables[i + 1] = b.EndTable();
            bufferOf[constants[i].Id] = (uint)(i + 1);
        }
        return (b.CreateOffsetVector(tables), bufferOf);
    }

    private static int WriteTensor(FlatBufferBuilder b, Tensor t, uint buffer)
    {
        var shape = b.CreateVector(t.Shape.Dims);
        var name = b.CreateString(t.Name);
        var quantization = t.Quantization is { } q ? WriteQuantization(b, q) : 0;
        b.StartTable();
        b.AddOffset(S.Tensor.Shape, shape);
        b.AddByte(S.Tensor.Type, TypeCode(t.Type));
        b.AddUInt32(S.Tensor.Buffer, buffer);
        b.AddOffset(S.Tensor.Name, name);
        if (quantization != 0) b.AddOffset(S.Tensor.Quantization, quantization);
        return b.EndTable();
    }

    private static int WriteQuantization(FlatBufferBuilder b, Quantization q)
    {
        var scales = b.CreateVector(q.Scales);
        var zeroPoints = b.CreateVector(q.ZeroPoints);
        b.StartTable();
        b.AddOffset(S.Quantization.Scale, scales);
        b.AddOffset(S.Quantization.ZeroPoint, zeroPoints);
        b.AddInt32(S.Quantization.QuantizedDimension, q.Axis);
        return b.EndTable();
    }

    private static int WriteOperator(FlatBufferBuilder b, Graph graph, Operator op, int codeIndex)
    {
        var inputs = b.CreateVector(op.Inputs);
        var outputs = b.CreateVector(op.Outputs);
        var (optionsType, options) = TfliteOptionsWriter.Write(b, graph, op);
        b.StartTable();
        b.AddUInt32(S.Operator.OpcodeIndex, (uint)codeIndex);
        b.AddOffset(S.Operator.Inputs, inputs);
        b.AddOffset(S.Operator.Outputs, outputs);
        if (options != 0)
        {
            b.AddByte(S.Operator.BuiltinOptionsType, optionsType);
            b.AddOffset(S.Operator.BuiltinOptions, options);
        }
        return b.EndTable();
    }

    private static int WriteSubgraph(FlatBufferBuilder b, Graph graph, int[] tensors, int[] operators)
    {
        var tensorsVector = b.CreateOffsetVector(tensors);
        var inputs = b.CreateVector(graph.Inputs);
        var outputs = b.CreateVector(graph.Outputs);
        var operatorsVector = b.CreateOffsetVector(operators);
        var name = b.CreateString(graph.Name);
        b.StartTable();
        b.AddOffset(S.SubGraph.Tensors, tensorsVector);
        b.AddOffset(S.SubGraph.Inputs, inputs);
        b.AddOffset(S.SubGraph.Outputs, outputs);
        b.AddOffset(S.SubGraph.Operators, operatorsVector);
        b.AddOffset(S.SubGraph.Name, name);
        return b.EndTable();
    }

    private static int WriteOperatorCode(FlatBufferBuilder b, string name)
    {
        var code = S.BuiltinCode(name);
        b.StartTable();
        // Codes above 126 live only in builtin_code; the old byte field then holds the placeholder 127.
        b.AddByte(S.OperatorCode.DeprecatedBuiltinCode, (byte)Math.Min(code, S.PlaceholderForGreaterOpCodes));
        b.AddInt32(S.OperatorCode.BuiltinCode, code);
        return b.EndTable();
    }

    /// <summary>The distinct operator kinds of the graph in order of first use (the model's operator_codes).</summary>
    private static List<string> OperatorCodeList(Graph graph)
    {
        var codes = new List<string>();
        foreach (var op in graph.Operators)
        {
            if (S.BuiltinCode(op.Kind) < 0) throw new EdgeGenException($"operator {op.Kind} has no TFLite builtin code; it cannot be written to a .tflite file");
            if (!codes.Contains(op.Kind)) codes.Add(op.Kind);
        }
        return codes;
    }

    private static byte TypeCode(DataType type) => type switch
    {
        DataType.Float32 => S.Float32,
        DataType.Int32 => S.Int32,
        DataType.UInt8 => S.UInt8,
        DataType.Int64 => S.Int64,
        DataType.Bool => S.Bool,
        DataType.Int16 => S.Int16,
        DataType.Int8 => S.Int8,
        _ => throw new EdgeGenException($"tensor type {type} cannot be written to a .tflite file"),
    };
}
