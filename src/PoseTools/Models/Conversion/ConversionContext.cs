using PoseTools.Models.TfLite;

namespace PoseTools.Models.Conversion;

/// <summary>
/// A runtime value of the ONNX graph standing for a TFLite tensor. Rank-4 activations are held channels-first
/// (NCHW) so that every convolution runs in ONNX's native layout; other ranks keep TFLite's layout.
/// </summary>
internal sealed record GraphValue(string Name, int[] TfLiteShape, bool ChannelsFirst);

/// <summary>State shared by the operator translators while one model is converted.</summary>
internal sealed class ConversionContext(TfLiteModel model, OnnxGraphBuilder graph)
{
    public static readonly int[] ToChannelsFirst = [0, 3, 1, 2];
    public static readonly int[] ToChannelsLast = [0, 2, 3, 1];

    private readonly Dictionary<int, ConstantTensor> _constants = new();
    private readonly Dictionary<int, GraphValue> _values = new();

    public TfLiteModel Model { get; } = model;
    public OnnxGraphBuilder Graph { get; } = graph;

    public string Describe(TfLiteOperator op) => $"{Model.Name}: operator #{op.Index} {op.OperatorName}";
    public string Describe(TfLiteTensor t) => $"tensor #{t.Index} '{t.Name}' {t.Type}[{string.Join(",", t.Shape)}]";

    public ModelConversionException Unsupported(TfLiteOperator op, string what, int tensorIndex = -1)
    {
        int t = tensorIndex >= 0 ? tensorIndex : op.Outputs.FirstOrDefault(-1);
        string tensor = t >= 0 ? $" (at {Describe(Model.Tensors[t])})" : "";
        return new ModelConversionException($"{Describe(op)}: {what}{tensor}");
    }

    public string NodeName(TfLiteOperator op) => $"{op.OperatorName.ToLowerInvariant()}_{op.Index}";

    public TfLiteTensor Tensor(TfLiteOperator op, int position)
    {
        if (position >= op.Inputs.Length || op.Inputs[position] < 0)
            throw Unsupported(op, $"expected an input at position {position}");
        return Model.Tensors[op.Inputs[position]];
    }

    public bool IsConstant(int tensorIndex) => _constants.ContainsKey(tensorIndex) || Model.Tensors[tensorIndex].IsConstant;

    /// <summary>The folded value of a constant input (float32, float16 and sparse storage all read as float32).</summary>
    public ConstantTensor Constant(TfLiteOperator op, int position)
    {
        var t = Tensor(op, position);
        if (_constants.TryGetValue(t.Index, out var folded)) return folded;
        if (!t.IsConstant) throw Unsupported(op, $"input {position} must be a constant, but it is computed at run time", t.Index);
        var c = ConstantReader.Read(t, Describe(op));
        _constants[t.Index] = c;
        return c;
    }

    public void SetConstant(TfLiteOperator op, int outputPosition, ConstantTensor value) => _constants[op.Outputs[outputPosition]] = value;

    /// <summary>The graph value of a run-time input.</summary>
    public GraphValue Value(TfLiteOperator op, int position)
    {
        var t = Tensor(op, position);
        if (_values.TryGetValue(t.Index, out var v)) return v;
        if (IsConstant(t.Index)) return ConstantAsValue(op, position, channelsFirst: t.Shape.Length == 4);
        throw Unsupported(op, $"input {position} is used before any operator produces it", t.Index);
    }

    /// <summary>Materialises a constant input as an initializer, permuted to channels-first when asked.</summary>
    public GraphValue ConstantAsValue(TfLiteOperator op, int position, bool channelsFirst)
    {
        var t = Tensor(op, position);
        var c = Constant(op, position);
        if (c.Floats is null) throw Unsupported(op, $"input {position} must be float32", t.Index);
        bool permute = channelsFirst && c.Shape.Length == 4;
        var data = permute ? c.PermutedFloats(ToChannelsFirst) : c.Floats;
        var dims = (permute ? ToChannelsFirst.Select(p => c.Shape[p]) : c.Shape).Select(d => (long)d).ToArray();
        return new GraphValue(Graph.AddFloatInitializer("const", data, dims), c.Shape, permute);
    }

    public void SetValue(int tensorIndex, GraphValue value) => _values[tensorIndex] = value;

    public bool TryGetValue(int tensorIndex, out GraphValue value) => _values.TryGetValue(tensorIndex, out value!);

    /// <summary>Name for the value an operator writes to its output: the TFLite name for graph outputs
    /// that need no layout change, else a fresh internal name.</summary>
    public string OutputName(TfLiteOperator op, int position = 0)
    {
        var t = Model.Tensors[op.Outputs[position]];
        if (t.Type != TfLiteTensorType.Float32) throw Unsupported(op, $"output type {t.Type} is not supported (float32 only)", t.Index);
        bool graphOutput = Model.Outputs.Contains(t.Index);
        return graphOutput && t.Shape.Length != 4 ? t.Name : Graph.NewName("t");
    }

    public int[] OutputShape(TfLiteOperator op, int position = 0) => Model.Tensors[op.Outputs[position]].Shape;

    /// <summary>Emits a Transpose, or nothing when the permutation leaves the memory order unchanged.</summary>
    public string Transpose(string input, int[] shape, int[] perm, string nodeName)
    {
        var nonUnit = Enumerable.Range(0, shape.Length).Where(i => shape[i] != 1).ToArray();
        var permutedNonUnit = perm.Where(p => shape[p] != 1).ToArray();
        if (nonUnit.SequenceEqual(permutedNonUnit)) return input;
        string output = Graph.NewName("transposed");
        Graph.AddNode("Transpose", nodeName, [input], [output]).Ints("perm", perm.Select(p => (long)p));
        return output;
    }

    /// <summary>Adds the node for a fused activation, if any, and returns the final value name.</summary>
    public string Activate(TfLiteOperator op, TfLiteActivation activation, string input, string finalName)
    {
        switch (activation)
        {
            case TfLiteActivation.None:
                return input;
            case TfLiteActivation.Relu:
                Graph.AddNode("Relu", NodeName(op) + "_relu", [input], [finalName]);
                return finalName;
            case TfLiteActivation.Relu6:
                return Clip(op, input, finalName, 0f, 6f);
            case TfLiteActivation.ReluN1To1:
                return Clip(op, input, finalName, -1f, 1f);
            case TfLiteActivation.Tanh:
                Graph.AddNode("Tanh", NodeName(op) + "_tanh", [input], [finalName]);
                return finalName;
            default:
                throw Unsupported(op, $"fused activation {activation} is not supported");
        }
    }

    private string Clip(TfLiteOperator op, string input, string finalName, float min, float max)
    {
        string lo = Graph.AddFloatInitializer("clip_min", [min]);
        string hi = Graph.AddFloatInitializer("clip_max", [max]);
        Graph.AddNode("Clip", NodeName(op) + "_clip", [input, lo, hi], [finalName]);
        return finalName;
    }

    /// <summary>Records an operator's single output: rank-4 outputs are channels-first by construction.</summary>
    public void Produce(TfLiteOperator op, string name, bool channelsFirst, int position = 0)
        => _values[op.Outputs[position]] = new GraphValue(name, OutputShape(op, position), channelsFirst);

    public TfLiteActivation ActivationOption(TfLiteOperator op, int field)
    {
        var a = (TfLiteActivation)op.Options.GetSByte(field);
        if (!Enum.IsDefined(a) || a == TfLiteActivation.SignBit) throw Unsupported(op, $"fused activation code {(int)a} is not supported");
        return a;
    }

    /// <summary>Checks the operator's options table is of the union type the schema gives for its code.</summary>
    public void ExpectOptions(TfLiteOperator op, byte unionType)
    {
        if (op.OptionsType != unionType && !(op.OptionsType == 0 && !op.Options.IsPresent && unionType == 0))
            throw Unsupported(op, $"options of union type {op.OptionsType}, expected {unionType}");
        if (unionType != 0 && !op.Options.IsPresent) throw Unsupported(op, "operator options are missing");
    }
}
