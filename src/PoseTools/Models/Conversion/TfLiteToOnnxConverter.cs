using Google.Protobuf;
using PoseTools.Models.Onnx.Proto;
using PoseTools.Models.TfLite;

namespace PoseTools.Models.Conversion;

/// <summary>
/// Translates a float TFLite model into an ONNX model that ONNX Runtime runs with its native kernels.
/// <para>
/// Layout: TFLite is NHWC, ONNX convolutions are NCHW. The graph input is transposed once to NCHW, every
/// rank-4 activation stays NCHW, and only graph outputs and reshapes that cross ranks transpose back (and not
/// even those when the memory order is unchanged). Constant work — float16 → float32, sparse → dense, weight
/// transposes — happens here, so the ONNX graph holds only compute operators.
/// </para>
/// </summary>
public static class TfLiteToOnnxConverter
{
    /// <summary>Bump whenever the graphs produced change, so cached conversions are redone.</summary>
    public const string ConverterVersion = "1";

    private static readonly Dictionary<TfLiteBuiltinOperator, Action<ConversionContext, TfLiteOperator>> Translators = new()
    {
        [TfLiteBuiltinOperator.Conv2D] = ConvolutionOperators.Conv2D,
        [TfLiteBuiltinOperator.DepthwiseConv2D] = ConvolutionOperators.DepthwiseConv2D,
        [TfLiteBuiltinOperator.MaxPool2D] = ConvolutionOperators.MaxPool2D,
        [TfLiteBuiltinOperator.Add] = ElementwiseOperators.Add,
        [TfLiteBuiltinOperator.Logistic] = ElementwiseOperators.Logistic,
        [TfLiteBuiltinOperator.Dequantize] = ElementwiseOperators.Dequantize,
        [TfLiteBuiltinOperator.Densify] = ElementwiseOperators.Densify,
        [TfLiteBuiltinOperator.Pad] = LayoutOperators.Pad,
        [TfLiteBuiltinOperator.Reshape] = LayoutOperators.Reshape,
        [TfLiteBuiltinOperator.Concatenation] = LayoutOperators.Concatenation,
        [TfLiteBuiltinOperator.ResizeBilinear] = LayoutOperators.ResizeBilinear,
        [TfLiteBuiltinOperator.DepthToSpace] = LayoutOperators.DepthToSpace,
    };

    /// <summary>The TFLite operators this converter translates.</summary>
    public static IReadOnlyCollection<TfLiteBuiltinOperator> SupportedOperators => Translators.Keys;

    /// <summary>Converts and serialises to ONNX protobuf bytes.</summary>
    /// <param name="model">The TFLite model, from <see cref="TfLiteReader"/>.</param>
    /// <param name="metadata">Extra key/value pairs stored in the ONNX model's metadata.</param>
    /// <param name="probes">Extra tensors (TFLite indices) to expose as graph outputs under their TFLite names,
    /// for tracing a numerical difference to the operator that causes it.</param>
    public static byte[] Convert(TfLiteModel model, IDictionary<string, string>? metadata = null, IReadOnlyCollection<int>? probes = null)
        => ConvertToProto(model, metadata, probes).ToByteArray();

    internal static ModelProto ConvertToProto(TfLiteModel model, IDictionary<string, string>? metadata = null, IReadOnlyCollection<int>? probes = null)
    {
        var graph = new OnnxGraphBuilder(Path.GetFileNameWithoutExtension(model.Name));
        var cx = new ConversionContext(model, graph);
        var outputs = model.Outputs.Concat((probes ?? []).Except(model.Outputs)).ToArray();
        foreach (int i in model.Inputs.Concat(outputs)) graph.Reserve(model.Tensors[i].Name);

        foreach (int i in model.Inputs) DeclareInput(cx, model.Tensors[i]);
        foreach (var op in model.Operators)
        {
            if (op.CustomCode is not null || !Enum.IsDefined((TfLiteBuiltinOperator)op.BuiltinCode)
                || !Translators.TryGetValue((TfLiteBuiltinOperator)op.BuiltinCode, out var translate))
                throw cx.Unsupported(op, $"operator {op.OperatorName} (builtin code {op.BuiltinCode}) is not supported by the PoseTools converter");
            foreach (int t in op.Inputs.Where(t => t >= 0 && !cx.IsConstant(t)))
                if (model.Tensors[t].Type != TfLiteTensorType.Float32)
                    throw cx.Unsupported(op, $"run-time tensors of type {model.Tensors[t].Type} are not supported (float32 only)", t);
            translate(cx, op);
        }
        foreach (int i in outputs) DeclareOutput(cx, model.Tensors[i]);

        var meta = new Dictionary<string, string>(metadata ?? new Dictionary<string, string>())
        {
            ["source_model"] = model.Name,
            ["converter_version"] = ConverterVersion,
        };
        return graph.Build(ConverterVersion, $"Converted from {model.Name} by PoseTools' TFLite → ONNX converter.", meta);
    }

    private static void DeclareInput(ConversionContext cx, TfLiteTensor t)
    {
        if (t.Type != TfLiteTensorType.Float32) throw new ModelConversionException($"{cx.Model.Name}: input {cx.Describe(t)} must be float32");
        cx.Graph.AddInput(t.Name, t.Shape);
        if (t.Shape.Length == 4)
        {
            string nchw = cx.Transpose(t.Name, t.Shape, ConversionContext.ToChannelsFirst, $"{t.Name}_to_nchw");
            cx.SetValue(t.Index, new GraphValue(nchw, t.Shape, ChannelsFirst: true));
        }
        else cx.SetValue(t.Index, new GraphValue(t.Name, t.Shape, ChannelsFirst: false));
    }

    private static void DeclareOutput(ConversionContext cx, TfLiteTensor t)
    {
        if (!cx.TryGetValue(t.Index, out var value))
            throw new ModelConversionException($"{cx.Model.Name}: output {cx.Describe(t)} is not computed by any operator");
        if (value.ChannelsFirst)
        {
            var nchw = LayoutOperators.NchwShape(t.Shape);
            string nhwc = cx.Transpose(value.Name, nchw, ConversionContext.ToChannelsLast, $"{t.Name}_to_nhwc");
            // Whether or not a transpose was needed, the graph output must carry the TFLite name.
            if (nhwc == value.Name)
                cx.Graph.AddNode("Reshape", $"{t.Name}_reshape", [value.Name, cx.Graph.AddInt64Initializer("shape", t.Shape.Select(d => (long)d).ToArray())], [t.Name]);
            else
                cx.Graph.RenameOutput(nhwc, t.Name);
        }
        else if (value.Name != t.Name)
            cx.Graph.AddNode("Identity", $"{t.Name}_identity", [value.Name], [t.Name]);
        cx.Graph.AddOutput(t.Name, t.Shape);
    }
}
