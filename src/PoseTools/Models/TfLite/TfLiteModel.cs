namespace PoseTools.Models.TfLite;

/// <summary>A TFLite model's main subgraph, read from its flatbuffer (see <see cref="TfLiteReader"/>).</summary>
public sealed record TfLiteModel(
    string Name,
    uint SchemaVersion,
    string? Description,
    IReadOnlyList<TfLiteTensor> Tensors,
    IReadOnlyList<TfLiteOperator> Operators,
    IReadOnlyList<int> Inputs,
    IReadOnlyList<int> Outputs);

/// <summary>One tensor of the subgraph. <see cref="Data"/> is non-null for constants.</summary>
public sealed record TfLiteTensor(
    int Index,
    string Name,
    int[] Shape,
    TfLiteTensorType Type,
    ReadOnlyMemory<byte>? Data,
    TfLiteSparsity? Sparsity,
    bool IsQuantized)
{
    /// <summary>Whether the tensor holds constant data (a weight).</summary>
    public bool IsConstant => Data is not null;
    /// <summary>The number of elements its shape holds.</summary>
    public long ElementCount => Shape.Aggregate(1L, (a, b) => a * b);
    /// <summary>Index, name, type and shape, for messages.</summary>
    public override string ToString() => $"#{Index} '{Name}' {Type}[{string.Join(",", Shape)}]";
}

/// <summary>TFLite's sparse encoding of a constant tensor (schema table <c>SparsityParameters</c>).</summary>
public sealed record TfLiteSparsity(int[] TraversalOrder, int[] BlockMap, IReadOnlyList<TfLiteDimensionMetadata> Dimensions);

/// <summary>One dimension of a sparse tensor, in traversal order: dense with a size, or CSR segments + indices.</summary>
public sealed record TfLiteDimensionMetadata(bool IsSparse, int DenseSize, int[] Segments, int[] Indices);

/// <summary>One operator of the subgraph with its raw options table.</summary>
public sealed record TfLiteOperator(
    int Index,
    int BuiltinCode,
    string? CustomCode,
    int Version,
    int[] Inputs,
    int[] Outputs,
    byte OptionsType,
    TfLiteOptions Options)
{
    /// <summary>The operator's schema name (or CUSTOM:code).</summary>
    public string OperatorName => CustomCode is not null ? $"CUSTOM:{CustomCode}" : TfLiteOperatorNames.Of(BuiltinCode);
    /// <summary>Whether this is the given builtin operator.</summary>
    public bool Is(TfLiteBuiltinOperator op) => CustomCode is null && BuiltinCode == (int)op;
}
