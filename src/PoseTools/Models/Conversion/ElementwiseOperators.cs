using PoseTools.Models.TfLite;

namespace PoseTools.Models.Conversion;

/// <summary>ADD and LOGISTIC, plus the constant-only DEQUANTIZE and DENSIFY, which are folded away.</summary>
internal static class ElementwiseOperators
{
    public const byte AddOptionsType = 11;

    public static void Add(ConversionContext cx, TfLiteOperator op)
    {
        cx.ExpectOptions(op, AddOptionsType);
        var activation = cx.ActivationOption(op, 0);
        bool aConst = cx.IsConstant(op.Inputs[0]), bConst = cx.IsConstant(op.Inputs[1]);
        if (aConst && bConst) throw cx.Unsupported(op, "both inputs are constants");
        var outShape = cx.OutputShape(op);
        bool channelsFirst = outShape.Length == 4;
        var a = aConst ? BroadcastConstant(cx, op, 0, outShape) : cx.Value(op, 0);
        var b = bConst ? BroadcastConstant(cx, op, 1, outShape) : cx.Value(op, 1);
        foreach (var (v, position) in new[] { (a, 0), (b, 1) })
            if (!cx.IsConstant(op.Inputs[position]) && v.ChannelsFirst != channelsFirst)
                throw cx.Unsupported(op, "broadcasting a run-time tensor of another rank against a rank-4 tensor is not supported", op.Inputs[position]);

        string finalName = cx.OutputName(op);
        string raw = activation == TfLiteActivation.None ? finalName : cx.Graph.NewName("sum");
        cx.Graph.AddNode("Add", cx.NodeName(op), [a.Name, b.Name], [raw]);
        cx.Produce(op, cx.Activate(op, activation, raw, finalName), channelsFirst);
    }

    /// <summary>A constant operand of a rank-4 elementwise op is right-aligned to NHWC and permuted to NCHW.</summary>
    private static GraphValue BroadcastConstant(ConversionContext cx, TfLiteOperator op, int position, int[] outShape)
    {
        if (outShape.Length != 4) return cx.ConstantAsValue(op, position, channelsFirst: false);
        var c = cx.Constant(op, position);
        if (c.Floats is null || c.Shape.Length > 4) throw cx.Unsupported(op, $"constant input {position} must be float32 of rank ≤ 4", op.Inputs[position]);
        var nhwc = Enumerable.Repeat(1, 4 - c.Shape.Length).Concat(c.Shape).ToArray();
        var padded = ConstantTensor.OfFloats(nhwc, c.Floats);
        var data = padded.PermutedFloats(ConversionContext.ToChannelsFirst);
        string name = cx.Graph.AddFloatInitializer("const", data, ConversionContext.ToChannelsFirst.Select(p => (long)nhwc[p]).ToArray());
        return new GraphValue(name, nhwc, ChannelsFirst: true);
    }

    public static void Logistic(ConversionContext cx, TfLiteOperator op)
    {
        var input = cx.Value(op, 0);
        string output = cx.OutputName(op);
        cx.Graph.AddNode("Sigmoid", cx.NodeName(op), [input.Name], [output]);
        cx.Produce(op, output, input.ChannelsFirst);
    }

    /// <summary>float16 → float32 of a constant: done here, once, instead of at every inference.</summary>
    public static void Dequantize(ConversionContext cx, TfLiteOperator op)
    {
        var source = cx.Tensor(op, 0);
        if (!cx.IsConstant(source.Index)) throw cx.Unsupported(op, "DEQUANTIZE of a run-time tensor is not supported", source.Index);
        if (source.Type != TfLiteTensorType.Float16 && source.Type != TfLiteTensorType.Float32)
            throw cx.Unsupported(op, $"DEQUANTIZE from {source.Type} is not supported (float16 weights only)", source.Index);
        cx.SetConstant(op, 0, cx.Constant(op, 0));
    }

    /// <summary>Sparse → dense of a constant (the sparse decoding itself happens when the constant is read).</summary>
    public static void Densify(ConversionContext cx, TfLiteOperator op)
    {
        var source = cx.Tensor(op, 0);
        if (!cx.IsConstant(source.Index)) throw cx.Unsupported(op, "DENSIFY of a run-time tensor is not supported", source.Index);
        cx.SetConstant(op, 0, cx.Constant(op, 0));
    }
}
