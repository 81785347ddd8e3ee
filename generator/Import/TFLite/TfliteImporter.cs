using System.Collections.Immutable;
using System.Numerics;
using EdgeGen.Import.FlatBuffers;
using EdgeGen.Ir;
using S = EdgeGen.Import.TFLite.TfliteSchema;

namespace EdgeGen.Import.TFLite;

/// <summary>
/// Reads a .tflite file (first subgraph) into the IR. Everything read is checked: offsets,
/// vector lengths, tensor and buffer indices, constant sizes against shapes; unsupported
/// operators are all listed in one message. Errors are <see cref="EdgeGenException"/>s that
/// name the file and the culprit.
/// </summary>
public static class TfliteImporter
{
    /// <summary>Activation tensors larger than this are rejected before anything is allocated.</summary>
    public const long MaxTensorBytes = 1L << 30;

    public static Graph Load(string path)
    {
        byte[] bytes;
        if (Directory.Exists(path)) throw new EdgeGenException($"{path}: is a directory, not a model file");
        try { bytes = File.ReadAllBytes(path); }
        catch (FileNotFoundException) { throw new EdgeGenException($"{path}: file not found"); }
        catch (DirectoryNotFoundException) { throw new EdgeGenException($"{path}: file not found"); }
        catch (UnauthorizedAccessException) { throw new EdgeGenException($"{path}: permission denied"); }
        catch (IOException e) { throw new EdgeGenException($"{path}: cannot read ({e.Message})"); }
        return Read(bytes, path, Path.GetFileNameWithoutExtension(path));
    }

    public static Graph Read(byte[] bytes, string source, string name)
    {
        if (bytes.Length < 8) throw new EdgeGenException($"{source}: not a TFLite model (file is {bytes.Length} bytes)");
        var reader = new FlatBufferReader(bytes, source);
        if (reader.Identifier != "TFL3") throw new EdgeGenException($"{source}: not a TFLite model (file identifier is not TFL3)");
        var model = reader.Root();
        var subgraphs = model.Vector(S.Model.Subgraphs, 4, "subgraphs");
        if (subgraphs is not { Count: > 0 }) throw new EdgeGenException($"{source}: the model has no subgraph");
        var subgraph = subgraphs.Value.Table(0);
        var buffers = model.Vector(S.Model.Buffers, 4, "buffers");
        CheckBuffers(reader, buffers);
        var tensors = ReadTensors(reader, subgraph, buffers);
        var operators = ReadOperators(source, model, subgraph, tensors.Length);
        var inputs = TensorIndexList(source, subgraph.Vector(S.SubGraph.Inputs, 4, "inputs"), tensors.Length, "graph input");
        var outputs = TensorIndexList(source, subgraph.Vector(S.SubGraph.Outputs, 4, "outputs"), tensors.Length, "graph output");
        var graph = new Graph(SafeName(name), tensors, operators, inputs, outputs);
        GraphValidator.Validate(graph, source);
        return graph;
    }

    private static ImmutableArray<Tensor> ReadTensors(FlatBufferReader reader, FbTable subgraph, FbVector? buffers)
    {
        var list = subgraph.Vector(S.SubGraph.Tensors, 4, "tensors");
        if (list is null) throw new EdgeGenException($"{reader.Source}: the subgraph has no tensors");
        var result = ImmutableArray.CreateBuilder<Tensor>(list.Value.Count);
        for (var i = 0; i < list.Value.Count; i++)
        {
            var t = list.Value.Table(i);
            var name = t.String(S.Tensor.Name) ?? $"tensor{i}";
            var where = $"{reader.Source}: tensor #{i} '{name}'";
            var dims = t.Vector(S.Tensor.Shape, 4, "shape")?.Int32s() ?? Array.Empty<int>();
            if (dims.Length > 8) throw new EdgeGenException($"{where} has rank {dims.Length} (at most 8 supported)");
            if (dims.Any(d => d < 0)) throw new EdgeGenException($"{where} has a dynamic or negative dimension {string.Join("x", dims)}; EdgeGen needs static shapes");
            var type = MapType(t.Byte(S.Tensor.Type), where);
            // Exact even for absurd shapes (up to 8 dimensions of 2^31), so messages tell the real claim.
            var byteSize = dims.Aggregate(BigInteger.One, (n, d) => n * d) * type.SizeInBytes();
            if (t.Has(S.Tensor.Sparsity)) throw new EdgeGenException($"{where} is sparse; sparse tensors are not supported");
            var claim = $"{byteSize} bytes (shape {string.Join("x", dims)}, {type.DisplayName()})";
            var data = ReadConstant(reader, t, buffers, where, byteSize, claim);
            if (data is null && byteSize > MaxTensorBytes)
                throw new EdgeGenException($"{where} claims {claim}, more than the {MaxTensorBytes} bytes EdgeGen accepts for a tensor");
            var quant = ReadQuantization(t.Table(S.Tensor.Quantization, "quantization"), dims, where);
            result.Add(new Tensor(i, name, new Shape(dims), type, quant, data));
        }
        return result.MoveToImmutable();
    }

    private static byte[]? ReadConstant(FlatBufferReader reader, FbTable tensor, FbVector? buffers, string where, BigInteger byteSize, string claim)
    {
        var index = tensor.UInt32(S.Tensor.Buffer);
        if (index == 0) return null;
        if (buffers is null || index >= buffers.Value.Count)
            throw new EdgeGenException($"{where} refers to buffer {index}, but the model has {buffers?.Count ?? 0} buffers");
        var bytes = BufferBytes(reader, buffers.Value, (int)index);
        if (bytes.Length == 0) return null;
        if (bytes.Length != byteSize)
            throw new EdgeGenException($"{where} claims {claim} but its buffer {index} holds {bytes.Length} bytes");
        return bytes.ToArray();
    }

    /// <summary>
    /// Every buffer must lie inside the file, used or not (buffer 0 included): a file cut short
    /// loses its last buffers first, and nothing else would notice.
    /// </summary>
    private static void CheckBuffers(FlatBufferReader reader, FbVector? buffers)
    {
        for (var i = 0; i < (buffers?.Count ?? 0); i++) BufferBytes(reader, buffers!.Value, i);
    }

    /// <summary>The bytes of a buffer: its data vector, or for models over 2 GB the (offset, size) range after the FlatBuffer.</summary>
    private static ReadOnlySpan<byte> BufferBytes(FlatBufferReader reader, FbVector buffers, int index)
    {
        var buffer = buffers.Table(index);
        var offset = buffer.Int64(S.Buffer.Offset);
        // offset and size are unsigned in the schema: a negative long is a value above 2^63.
        if (offset is > 1 or < 0)
        {
            var size = buffer.Int64(S.Buffer.Size);
            if (offset < 0 || size < 0 || size > reader.Length - offset)
                throw new EdgeGenException($"{reader.Source}: buffer {index} (offset {(ulong)offset}, {(ulong)size} bytes) lies outside the file of {reader.Length} bytes");
            return reader.Slice(offset, size, $"buffer {index}");
        }
        var v = buffer.Vector(S.Buffer.Data, 1, $"buffer {index}");
        return v is null ? ReadOnlySpan<byte>.Empty : v.Value.Bytes();
    }

    private static Quantization? ReadQuantization(FbTable? q, int[] dims, string where)
    {
        if (q is null) return null;
        if (q.Value.Has(S.Quantization.Details)) throw new EdgeGenException($"{where} uses custom quantization details, which are not supported");
        var scales = q.Value.Vector(S.Quantization.Scale, 4, "scales")?.Floats();
        if (scales is null || scales.Length == 0) return null;
        var zeroPoints = q.Value.Vector(S.Quantization.ZeroPoint, 8, "zero points")?.Int64s() ?? new long[scales.Length];
        if (zeroPoints.Length != scales.Length && zeroPoints.Length != 1)
            throw new EdgeGenException($"{where} has {scales.Length} scales but {zeroPoints.Length} zero points");
        var axis = q.Value.Int32(S.Quantization.QuantizedDimension);
        // Some converters store a 1-D bias's per-channel scales with the filter's axis; the data
        // is still one scale per element, so read it as axis 0.
        if (scales.Length > 1 && dims.Length == 1 && dims[0] == scales.Length) axis = 0;
        if (scales.Length > 1 && (axis < 0 || axis >= dims.Length || dims[axis] != scales.Length))
            throw new EdgeGenException($"{where} has {scales.Length} scales on axis {axis} of shape {string.Join("x", dims)}");
        if (scales.Any(s => !float.IsFinite(s)) || zeroPoints.Any(z => z < int.MinValue || z > int.MaxValue))
            throw new EdgeGenException($"{where} has a non-finite scale or an out-of-range zero point");
        return new Quantization(scales.ToImmutableArray(), zeroPoints.ToImmutableArray(), scales.Length > 1 ? axis : 0);
    }

    private static ImmutableArray<Operator> ReadOperators(string source, FbTable model, FbTable subgraph, int tensorCount)
    {
        var codes = model.Vector(S.Model.OperatorCodes, 4, "operator codes");
        var list = subgraph.Vector(S.SubGraph.Operators, 4, "operators");
        var count = list?.Count ?? 0;
        var result = ImmutableArray.CreateBuilder<Operator>(count);
        var unsupported = new List<string>();
        for (var i = 0; i < count; i++)
        {
            var op = list!.Value.Table(i);
            var codeIndex = op.UInt32(S.Operator.OpcodeIndex);
            if (codes is null || codeIndex >= codes.Value.Count)
                throw new EdgeGenException($"{source}: operator #{i} refers to operator code {codeIndex}, but the model has {codes?.Count ?? 0}");
            var code = codes.Value.Table((int)codeIndex);
            var builtin = Math.Max(code.Int32(S.OperatorCode.BuiltinCode), code.Byte(S.OperatorCode.DeprecatedBuiltinCode));
            var name = S.BuiltinName(builtin);
            var parser = TfliteOperatorParsers.For(name);
            if (parser is null)
            {
                var custom = code.String(S.OperatorCode.CustomCode);
                unsupported.Add(custom is null ? $"#{i} {name}" : $"#{i} {name} '{custom}'");
                continue;
            }
            var inputs = TensorIndexList(source, op.Vector(S.Operator.Inputs, 4, "operator inputs"), tensorCount, $"operator #{i} {name} input", allowAbsent: true);
            var outputs = TensorIndexList(source, op.Vector(S.Operator.Outputs, 4, "operator outputs"), tensorCount, $"operator #{i} {name} output");
            try
            {
                result.Add(parser(inputs, outputs, op.Table(S.Operator.BuiltinOptions, $"operator #{i} options")));
            }
            catch (EdgeGenException e) when (!e.Message.StartsWith(source, StringComparison.Ordinal))
            {
                throw new EdgeGenException($"{source}: operator #{i} {e.Message}");
            }
        }
        if (unsupported.Count > 0)
            throw new EdgeGenException($"{source}: unsupported operator{(unsupported.Count > 1 ? "s" : "")}: {string.Join(", ", unsupported)} (supported: {string.Join(", ", TfliteOperatorParsers.Supported.Order())})");
        return result.MoveToImmutable();
    }

    private static ImmutableArray<int> TensorIndexList(string source, FbVector? v, int tensorCount, string what, bool allowAbsent = false)
    {
        if (v is null) return ImmutableArray<int>.Empty;
        var result = v.Value.Int32s();
        foreach (var index in result)
            if (index >= tensorCount || index < (allowAbsent ? -1 : 0))
                throw new EdgeGenException($"{source}: {what} refers to tensor {index}, but the subgraph has {tensorCount} tensors");
        return result.ToImmutableArray();
    }

    private static DataType MapType(byte type, string where) => type switch
    {
        S.Float32 => DataType.Float32,
        S.Int32 => DataType.Int32,
        S.UInt8 => DataType.UInt8,
        S.Int64 => DataType.Int64,
        S.Bool => DataType.Bool,
        S.Int16 => DataType.Int16,
        S.Int8 => DataType.Int8,
        _ => throw new EdgeGenException($"{where} has tensor type {type}, which EdgeGen does not support (float32, int8, uint8, int16, int32, int64, bool)"),
    };

    /// <summary>A C identifier made from the model's file name (used for generated symbols).</summary>
    public static string SafeName(string name)
    {
        var chars = name.Select(c => char.IsAsciiLetterOrDigit(c) ? char.ToLowerInvariant(c) : '_').ToArray();
        var s = new string(chars).Trim('_');
        if (s.Length == 0 || char.IsDigit(s[0])) s = "model_" + s;
        return s;
    }
}
