using PoseTools.Models.TfLite;

namespace PoseTools.Models.Conversion;

/// <summary>CONV_2D, DEPTHWISE_CONV_2D and MAX_POOL_2D, translated to NCHW Conv / MaxPool with explicit pads.</summary>
internal static class ConvolutionOperators
{
    // Union type tags of BuiltinOptions, and field numbers of the options tables (schema.fbs).
    public const byte Conv2DOptionsType = 1, DepthwiseOptionsType = 2, Pool2DOptionsType = 5;

    public static void Conv2D(ConversionContext cx, TfLiteOperator op)
    {
        cx.ExpectOptions(op, Conv2DOptionsType);
        var o = op.Options;
        var padding = (TfLitePadding)o.GetSByte(0);
        int strideW = o.GetInt(1), strideH = o.GetInt(2);
        var activation = cx.ActivationOption(op, 3);
        int dilationW = o.GetInt(4, 1), dilationH = o.GetInt(5, 1);

        var input = RequireChannelsFirst(cx, op);
        var filter = cx.Constant(op, 1); // [out, kh, kw, in]
        if (filter.Shape.Length != 4 || filter.Floats is null) throw cx.Unsupported(op, "filter must be a float constant of rank 4", op.Inputs[1]);
        int inChannels = input.TfLiteShape[3];
        if (filter.Shape[3] != inChannels)
        {
            if (inChannels % filter.Shape[3] != 0) throw cx.Unsupported(op, $"filter depth {filter.Shape[3]} does not divide input depth {inChannels}");
        }
        int groups = inChannels / filter.Shape[3];
        string weights = cx.Graph.AddFloatInitializer("conv_w", filter.PermutedFloats(ConversionContext.ToChannelsFirst),
            filter.Shape[0], filter.Shape[3], filter.Shape[1], filter.Shape[2]);
        EmitConv(cx, op, input, weights, filter.Shape[0], filter.Shape[1], filter.Shape[2], groups,
            padding, strideH, strideW, dilationH, dilationW, activation);
    }

    public static void DepthwiseConv2D(ConversionContext cx, TfLiteOperator op)
    {
        cx.ExpectOptions(op, DepthwiseOptionsType);
        var o = op.Options;
        var padding = (TfLitePadding)o.GetSByte(0);
        int strideW = o.GetInt(1), strideH = o.GetInt(2);
        var activation = cx.ActivationOption(op, 4);
        int dilationW = o.GetInt(5, 1), dilationH = o.GetInt(6, 1);

        var input = RequireChannelsFirst(cx, op);
        var filter = cx.Constant(op, 1); // [1, kh, kw, in * multiplier]
        if (filter.Shape.Length != 4 || filter.Shape[0] != 1 || filter.Floats is null)
            throw cx.Unsupported(op, "depthwise filter must be a float constant of shape [1, kh, kw, channels]", op.Inputs[1]);
        int inChannels = input.TfLiteShape[3], outChannels = filter.Shape[3];
        if (outChannels % inChannels != 0) throw cx.Unsupported(op, $"depthwise output depth {outChannels} is not a multiple of input depth {inChannels}");
        // TFLite orders output channel c*multiplier+m, ONNX group convolution orders the same way: group c, member m.
        string weights = cx.Graph.AddFloatInitializer("dw_w", filter.PermutedFloats([3, 0, 1, 2]), outChannels, 1, filter.Shape[1], filter.Shape[2]);
        EmitConv(cx, op, input, weights, outChannels, filter.Shape[1], filter.Shape[2], inChannels,
            padding, strideH, strideW, dilationH, dilationW, activation);
    }

    public static void MaxPool2D(ConversionContext cx, TfLiteOperator op)
    {
        cx.ExpectOptions(op, Pool2DOptionsType);
        var o = op.Options;
        var padding = (TfLitePadding)o.GetSByte(0);
        int strideW = o.GetInt(1), strideH = o.GetInt(2), filterW = o.GetInt(3), filterH = o.GetInt(4);
        var activation = cx.ActivationOption(op, 5);
        var input = RequireChannelsFirst(cx, op);
        var (pads, outH, outW) = Pads(cx, op, input.TfLiteShape, padding, filterH, filterW, strideH, strideW, 1, 1);
        CheckOutput(cx, op, outH, outW, input.TfLiteShape[3]);

        string finalName = cx.OutputName(op);
        string raw = activation == TfLiteActivation.None ? finalName : cx.Graph.NewName("pool");
        cx.Graph.AddNode("MaxPool", cx.NodeName(op), [input.Name], [raw])
            .Ints("kernel_shape", [filterH, filterW]).Ints("strides", [strideH, strideW]).Ints("pads", pads);
        cx.Produce(op, cx.Activate(op, activation, raw, finalName), channelsFirst: true);
    }

    private static void EmitConv(ConversionContext cx, TfLiteOperator op, GraphValue input, string weights, int outChannels,
        int kernelH, int kernelW, int groups, TfLitePadding padding, int strideH, int strideW, int dilationH, int dilationW,
        TfLiteActivation activation)
    {
        var (pads, outH, outW) = Pads(cx, op, input.TfLiteShape, padding, kernelH, kernelW, strideH, strideW, dilationH, dilationW);
        CheckOutput(cx, op, outH, outW, outChannels);
        var inputs = new List<string> { input.Name, weights };
        if (op.Inputs.Length > 2 && op.Inputs[2] >= 0)
        {
            var bias = cx.Constant(op, 2);
            if (bias.Floats is null || bias.Count != outChannels) throw cx.Unsupported(op, $"bias must hold {outChannels} floats", op.Inputs[2]);
            inputs.Add(cx.Graph.AddFloatInitializer("bias", bias.Floats, outChannels));
        }
        string finalName = cx.OutputName(op);
        string raw = activation == TfLiteActivation.None ? finalName : cx.Graph.NewName("conv");
        cx.Graph.AddNode("Conv", cx.NodeName(op), inputs, [raw])
            .Ints("kernel_shape", [kernelH, kernelW]).Ints("strides", [strideH, strideW])
            .Ints("dilations", [dilationH, dilationW]).Ints("pads", pads).Int("group", groups);
        cx.Produce(op, cx.Activate(op, activation, raw, finalName), channelsFirst: true);
    }

    private static GraphValue RequireChannelsFirst(ConversionContext cx, TfLiteOperator op)
    {
        var input = cx.Value(op, 0);
        if (input.TfLiteShape.Length != 4 || !input.ChannelsFirst) throw cx.Unsupported(op, "input must be a rank-4 activation", op.Inputs[0]);
        return input;
    }

    /// <summary>TensorFlow's SAME/VALID padding as explicit ONNX pads [top, left, bottom, right]; SAME puts the odd pixel at the end.</summary>
    private static (long[] Pads, int OutH, int OutW) Pads(ConversionContext cx, TfLiteOperator op, int[] nhwc, TfLitePadding padding,
        int kernelH, int kernelW, int strideH, int strideW, int dilationH, int dilationW)
    {
        if (strideH < 1 || strideW < 1 || dilationH < 1 || dilationW < 1 || kernelH < 1 || kernelW < 1)
            throw cx.Unsupported(op, $"invalid window: kernel {kernelH}x{kernelW}, stride {strideH}x{strideW}, dilation {dilationH}x{dilationW}");
        int effH = (kernelH - 1) * dilationH + 1, effW = (kernelW - 1) * dilationW + 1;
        int inH = nhwc[1], inW = nhwc[2];
        switch (padding)
        {
            case TfLitePadding.Valid:
                return ([0, 0, 0, 0], (inH - effH + strideH) / strideH, (inW - effW + strideW) / strideW);
            case TfLitePadding.Same:
                int outH = (inH + strideH - 1) / strideH, outW = (inW + strideW - 1) / strideW;
                int padH = Math.Max((outH - 1) * strideH + effH - inH, 0), padW = Math.Max((outW - 1) * strideW + effW - inW, 0);
                return ([padH / 2, padW / 2, padH - padH / 2, padW - padW / 2], outH, outW);
            default:
                throw cx.Unsupported(op, $"padding code {(int)padding} is not supported");
        }
    }

    private static void CheckOutput(ConversionContext cx, TfLiteOperator op, int outH, int outW, int channels)
    {
        var shape = cx.OutputShape(op);
        if (shape.Length != 4 || shape[1] != outH || shape[2] != outW || shape[3] != channels)
            throw cx.Unsupported(op, $"computed output [N,{outH},{outW},{channels}] disagrees with the model's [{string.Join(",", shape)}]");
    }
}
