namespace PoseTools.Models.TfLite;

// The enum members below are TFLite's own schema names (schema.fbs), each meaning what the schema says.
#pragma warning disable CS1591

/// <summary>Element types of TFLite tensors (schema enum <c>TensorType</c>).</summary>
public enum TfLiteTensorType : sbyte
{
    Float32 = 0, Float16 = 1, Int32 = 2, UInt8 = 3, Int64 = 4, String = 5, Bool = 6, Int16 = 7,
    Complex64 = 8, Int8 = 9, Float64 = 10, Complex128 = 11, UInt64 = 12, Resource = 13, Variant = 14,
    UInt32 = 15, UInt16 = 16, Int4 = 17,
}

/// <summary>Fused activation applied after an operator (schema enum <c>ActivationFunctionType</c>).</summary>
public enum TfLiteActivation : sbyte { None = 0, Relu = 1, ReluN1To1 = 2, Relu6 = 3, Tanh = 4, SignBit = 5 }

/// <summary>Padding scheme of convolutions and pools (schema enum <c>Padding</c>).</summary>
public enum TfLitePadding : sbyte { Same = 0, Valid = 1 }

/// <summary>The builtin operators PoseTools knows by name; any other code is reported by number and name.</summary>
public enum TfLiteBuiltinOperator
{
    Add = 0, AveragePool2D = 1, Concatenation = 2, Conv2D = 3, DepthwiseConv2D = 4, DepthToSpace = 5,
    Dequantize = 6, FullyConnected = 9, Logistic = 14, MaxPool2D = 17, Mul = 18, Relu = 19, ReluN1To1 = 20,
    Relu6 = 21, Reshape = 22, ResizeBilinear = 23, Softmax = 25, Tanh = 28, Custom = 32, Pad = 34,
    Transpose = 39, Mean = 40, Sub = 41, Div = 42, Squeeze = 43, StridedSlice = 45, Exp = 47, Prelu = 54,
    Maximum = 55, Minimum = 57, PadV2 = 60, Slice = 65, TransposeConv = 67, ResizeNearestNeighbor = 97,
    LeakyRelu = 98, HardSwish = 117, Densify = 124,
}

/// <summary>Human-readable names of builtin operator codes, for error messages.</summary>
public static class TfLiteOperatorNames
{
    // Schema order (BuiltinOperator 0..161); published in TensorFlow's schema.fbs.
    private static readonly string[] Names =
    [
        "ADD", "AVERAGE_POOL_2D", "CONCATENATION", "CONV_2D", "DEPTHWISE_CONV_2D", "DEPTH_TO_SPACE", "DEQUANTIZE",
        "EMBEDDING_LOOKUP", "FLOOR", "FULLY_CONNECTED", "HASHTABLE_LOOKUP", "L2_NORMALIZATION", "L2_POOL_2D",
        "LOCAL_RESPONSE_NORMALIZATION", "LOGISTIC", "LSH_PROJECTION", "LSTM", "MAX_POOL_2D", "MUL", "RELU",
        "RELU_N1_TO_1", "RELU6", "RESHAPE", "RESIZE_BILINEAR", "RNN", "SOFTMAX", "SPACE_TO_DEPTH", "SVDF", "TANH",
        "CONCAT_EMBEDDINGS", "SKIP_GRAM", "CALL", "CUSTOM", "EMBEDDING_LOOKUP_SPARSE", "PAD",
        "UNIDIRECTIONAL_SEQUENCE_RNN", "GATHER", "BATCH_TO_SPACE_ND", "SPACE_TO_BATCH_ND", "TRANSPOSE", "MEAN",
        "SUB", "DIV", "SQUEEZE", "UNIDIRECTIONAL_SEQUENCE_LSTM", "STRIDED_SLICE", "BIDIRECTIONAL_SEQUENCE_RNN",
        "EXP", "TOPK_V2", "SPLIT", "LOG_SOFTMAX", "DELEGATE", "BIDIRECTIONAL_SEQUENCE_LSTM", "CAST", "PRELU",
        "MAXIMUM", "ARG_MAX", "MINIMUM", "LESS", "NEG", "PADV2", "GREATER", "GREATER_EQUAL", "LESS_EQUAL",
        "SELECT", "SLICE", "SIN", "TRANSPOSE_CONV", "SPARSE_TO_DENSE", "TILE", "EXPAND_DIMS", "EQUAL",
        "NOT_EQUAL", "LOG", "SUM", "SQRT", "RSQRT", "SHAPE", "POW", "ARG_MIN", "FAKE_QUANT", "REDUCE_PROD",
        "REDUCE_MAX", "PACK", "LOGICAL_OR", "ONE_HOT", "LOGICAL_AND", "LOGICAL_NOT", "UNPACK", "REDUCE_MIN",
        "FLOOR_DIV", "REDUCE_ANY", "SQUARE", "ZEROS_LIKE", "FILL", "FLOOR_MOD", "RANGE",
        "RESIZE_NEAREST_NEIGHBOR", "LEAKY_RELU", "SQUARED_DIFFERENCE", "MIRROR_PAD", "ABS", "SPLIT_V", "UNIQUE",
        "CEIL", "REVERSE_V2", "ADD_N", "GATHER_ND", "COS", "WHERE", "RANK", "ELU", "REVERSE_SEQUENCE",
        "MATRIX_DIAG", "QUANTIZE", "MATRIX_SET_DIAG", "ROUND", "HARD_SWISH", "IF", "WHILE",
        "NON_MAX_SUPPRESSION_V4", "NON_MAX_SUPPRESSION_V5", "SCATTER_ND", "SELECT_V2", "DENSIFY", "SEGMENT_SUM",
        "BATCH_MATMUL",
    ];

    /// <summary>The schema name of a builtin code, e.g. 3 → "CONV_2D"; unknown codes read "BUILTIN_&lt;n&gt;".</summary>
    public static string Of(int code) => code >= 0 && code < Names.Length ? Names[code] : $"BUILTIN_{code}";
}
#pragma warning restore CS1591
