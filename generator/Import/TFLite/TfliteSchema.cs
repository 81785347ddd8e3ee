namespace EdgeGen.Import.TFLite;

/// <summary>
/// Field indices and enum values of the TFLite FlatBuffers schema (tensorflow/lite/schema/schema.fbs).
/// A field's index is its declaration order; a union takes two indices (type, then value).
/// </summary>
internal static class TfliteSchema
{
    public static class Model { public const int Version = 0, OperatorCodes = 1, Subgraphs = 2, Description = 3, Buffers = 4; }
    public static class SubGraph { public const int Tensors = 0, Inputs = 1, Outputs = 2, Operators = 3, Name = 4; }
    public static class Tensor { public const int Shape = 0, Type = 1, Buffer = 2, Name = 3, Quantization = 4, IsVariable = 5, Sparsity = 6; }
    public static class Quantization { public const int Min = 0, Max = 1, Scale = 2, ZeroPoint = 3, DetailsType = 4, Details = 5, QuantizedDimension = 6; }
    public static class Buffer { public const int Data = 0, Offset = 1, Size = 2; }
    public static class OperatorCode { public const int DeprecatedBuiltinCode = 0, CustomCode = 1, Version = 2, BuiltinCode = 3; }
    public static class Operator { public const int OpcodeIndex = 0, Inputs = 1, Outputs = 2, BuiltinOptionsType = 3, BuiltinOptions = 4, CustomOptions = 5; }

    // Field indices of the *Options tables (declaration order in schema.fbs), shared by the
    // parsers and the writer so that both always agree on the layout.
    public static class Conv2DOptions { public const int Padding = 0, StrideW = 1, StrideH = 2, Activation = 3, DilationW = 4, DilationH = 5; }
    public static class DepthwiseConv2DOptions { public const int Padding = 0, StrideW = 1, StrideH = 2, DepthMultiplier = 3, Activation = 4, DilationW = 5, DilationH = 6; }
    public static class Pool2DOptions { public const int Padding = 0, StrideW = 1, StrideH = 2, FilterW = 3, FilterH = 4, Activation = 5; }
    public static class FullyConnectedOptions { public const int Activation = 0, WeightsFormat = 1, KeepNumDims = 2; }
    public static class SoftmaxOptions { public const int Beta = 0; }
    public static class ConcatenationOptions { public const int Axis = 0, Activation = 1; }
    /// <summary>AddOptions and SubOptions share their layout.</summary>
    public static class AddSubOptions { public const int Activation = 0, PotScaleInt16 = 1; }
    public static class ReshapeOptions { public const int NewShape = 0; }
    public static class ReducerOptions { public const int KeepDims = 0; }
    public static class StridedSliceOptions { public const int BeginMask = 0, EndMask = 1, EllipsisMask = 2, NewAxisMask = 3, ShrinkAxisMask = 4, Offset = 5; }
    public static class TransposeConvOptions { public const int Padding = 0, StrideW = 1, StrideH = 2, Activation = 3; }
    public static class LeakyReluOptions { public const int Alpha = 0; }

    /// <summary>TensorType enum.</summary>
    public const int Float32 = 0, Float16 = 1, Int32 = 2, UInt8 = 3, Int64 = 4, String = 5, Bool = 6, Int16 = 7, Int8 = 9;

    /// <summary>BuiltinOperator names by code, for listings and error messages.</summary>
    private static readonly string[] BuiltinNames =
    {
        "ADD", "AVERAGE_POOL_2D", "CONCATENATION", "CONV_2D", "DEPTHWISE_CONV_2D", "DEPTH_TO_SPACE", "DEQUANTIZE",
        "EMBEDDING_LOOKUP", "FLOOR", "FULLY_CONNECTED", "HASHTABLE_LOOKUP", "L2_NORMALIZATION", "L2_POOL_2D",
        "LOCAL_RESPONSE_NORMALIZATION", "LOGISTIC", "LSH_PROJECTION", "LSTM", "MAX_POOL_2D", "MUL", "RELU",
        "RELU_N1_TO_1", "RELU6", "RESHAPE", "RESIZE_BILINEAR", "RNN", "SOFTMAX", "SPACE_TO_DEPTH", "SVDF", "TANH",
        "CONCAT_EMBEDDINGS", "SKIP_GRAM", "CALL", "CUSTOM", "EMBEDDING_LOOKUP_SPARSE", "PAD",
        "UNIDIRECTIONAL_SEQUENCE_RNN", "GATHER", "BATCH_TO_SPACE_ND", "SPACE_TO_BATCH_ND", "TRANSPOSE", "MEAN", "SUB",
        "DIV", "SQUEEZE", "UNIDIRECTIONAL_SEQUENCE_LSTM", "STRIDED_SLICE", "BIDIRECTIONAL_SEQUENCE_RNN", "EXP",
        "TOPK_V2", "SPLIT", "LOG_SOFTMAX", "DELEGATE", "BIDIRECTIONAL_SEQUENCE_LSTM", "CAST", "PRELU", "MAXIMUM",
        "ARG_MAX", "MINIMUM", "LESS", "NEG", "PADV2", "GREATER", "GREATER_EQUAL", "LESS_EQUAL", "SELECT", "SLICE",
        "SIN", "TRANSPOSE_CONV", "SPARSE_TO_DENSE", "TILE", "EXPAND_DIMS", "EQUAL", "NOT_EQUAL", "LOG", "SUM", "SQRT",
        "RSQRT", "SHAPE", "POW", "ARG_MIN", "FAKE_QUANT", "REDUCE_PROD", "REDUCE_MAX", "PACK", "LOGICAL_OR",
        "ONE_HOT", "LOGICAL_AND", "LOGICAL_NOT", "UNPACK", "REDUCE_MIN", "FLOOR_DIV", "REDUCE_ANY", "SQUARE",
        "ZEROS_LIKE", "FILL", "FLOOR_MOD", "RANGE", "RESIZE_NEAREST_NEIGHBOR", "LEAKY_RELU", "SQUARED_DIFFERENCE",
        "MIRROR_PAD", "ABS", "SPLIT_V", "UNIQUE", "CEIL", "REVERSE_V2", "ADD_N", "GATHER_ND", "COS", "WHERE", "RANK",
        "ELU", "REVERSE_SEQUENCE", "MATRIX_DIAG", "QUANTIZE", "MATRIX_SET_DIAG", "ROUND", "HARD_SWISH", "IF", "WHILE",
        "NON_MAX_SUPPRESSION_V4", "NON_MAX_SUPPRESSION_V5", "SCATTER_ND", "SELECT_V2", "DENSIFY", "SEGMENT_SUM",
        "BATCH_MATMUL", "PLACEHOLDER_FOR_GREATER_OP_CODES", "CUMSUM", "CALL_ONCE", "BROADCAST_TO", "RFFT2D", "CONV_3D",
        "IMAG", "REAL", "COMPLEX_ABS", "HASHTABLE", "HASHTABLE_FIND", "HASHTABLE_IMPORT", "HASHTABLE_SIZE",
        "REDUCE_ALL", "CONV_3D_TRANSPOSE", "VAR_HANDLE", "READ_VARIABLE", "ASSIGN_VARIABLE", "BROADCAST_ARGS",
        "RANDOM_STANDARD_NORMAL", "BUCKETIZE", "RANDOM_UNIFORM", "MULTINOMIAL", "GELU", "DYNAMIC_UPDATE_SLICE",
        "RELU_0_TO_1", "UNSORTED_SEGMENT_PROD", "UNSORTED_SEGMENT_MAX", "UNSORTED_SEGMENT_SUM", "ATAN2",
        "UNSORTED_SEGMENT_MIN", "SIGN", "BITCAST", "BITWISE_XOR", "RIGHT_SHIFT",
    };

    /// <summary>The deprecated byte field's value for builtin codes that do not fit in it.</summary>
    public const int PlaceholderForGreaterOpCodes = 127;

    public static string BuiltinName(int code) =>
        code >= 0 && code < BuiltinNames.Length ? BuiltinNames[code] : $"BUILTIN_{code}";

    public static int BuiltinCode(string name) => Array.IndexOf(BuiltinNames, name);

    /// <summary>BuiltinOptions union type values used when writing models.</summary>
    public static class Options
    {
        public const byte Conv2D = 1, DepthwiseConv2D = 2, Pool2D = 5, FullyConnected = 8, Softmax = 9,
            Concatenation = 10, Add = 11, Reshape = 17, Pad = 22, Reducer = 27, Sub = 28, StridedSlice = 32,
            Dequantize = 38, PadV2 = 43, TransposeConv = 49, LeakyRelu = 75, Quantize = 89;
    }
}
