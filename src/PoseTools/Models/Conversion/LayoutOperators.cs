using PoseTools.Models.TfLite;

namespace PoseTools.Models.Conversion;

/// <summary>PAD, RESHAPE, CONCATENATION, RESIZE_BILINEAR and DEPTH_TO_SPACE, with axes mapped to channels-first.</summary>
internal static class LayoutOperators
{
    public const byte ConcatenationOptionsType = 10, ResizeBilinearOptionsType = 15, ReshapeOptionsType = 17,
        PadOptionsType = 22, DepthToSpaceOptionsType = 94;

    // NHWC axis → NCHW axis.
    private static readonly int[] ChannelsFirstAxis = [0, 2, 3, 1];

    public static void Pad(ConversionContext cx, TfLiteOperator op)
    {
        if (op.OptionsType is not (0 or PadOptionsType)) cx.ExpectOptions(op, PadOptionsType);
        var input = cx.Value(op, 0);
        var paddings = cx.Constant(op, 1);
        int rank = input.TfLiteShape.Length;
        if (paddings.Ints is null || paddings.Count != 2 * rank) throw cx.Unsupported(op, $"paddings must be int32 [{rank},2]", op.Inputs[1]);
        if (op.Inputs.Length > 2) throw cx.Unsupported(op, "a padding value input is not supported (PAD pads with zeros)");
        var pads = new long[2 * rank];
        for (int axis = 0; axis < rank; axis++)
        {
            int target = input.ChannelsFirst ? ChannelsFirstAxis[axis] : axis;
            int before = paddings.Ints[2 * axis], after = paddings.Ints[2 * axis + 1];
            if (before < 0 || after < 0) throw cx.Unsupported(op, "negative padding is not supported", op.Inputs[1]);
            pads[target] = before;
            pads[rank + target] = after;
        }
        string output = cx.OutputName(op);
        cx.Graph.AddNode("Pad", cx.NodeName(op), [input.Name, cx.Graph.AddInt64Initializer("pads", pads)], [output])
            .String("mode", "constant");
        cx.Produce(op, output, input.ChannelsFirst);
    }

    public static void Reshape(ConversionContext cx, TfLiteOperator op)
    {
        if (op.OptionsType is not (0 or ReshapeOptionsType)) cx.ExpectOptions(op, ReshapeOptionsType);
        var input = cx.Value(op, 0);
        var outShape = cx.OutputShape(op);
        if (outShape.Aggregate(1L, (a, b) => a * b) != input.TfLiteShape.Aggregate(1L, (a, b) => a * b))
            throw cx.Unsupported(op, $"reshape of [{string.Join(",", input.TfLiteShape)}] to [{string.Join(",", outShape)}] changes the element count");
        // TFLite reshapes in NHWC memory order: bring a channels-first value back to NHWC first.
        string source = input.ChannelsFirst
            ? cx.Transpose(input.Name, NchwShape(input.TfLiteShape), ConversionContext.ToChannelsLast, cx.NodeName(op) + "_to_nhwc")
            : input.Name;
        bool toChannelsFirst = outShape.Length == 4;
        string reshaped = toChannelsFirst ? cx.Graph.NewName("reshaped") : cx.OutputName(op);
        cx.Graph.AddNode("Reshape", cx.NodeName(op), [source, cx.Graph.AddInt64Initializer("shape", outShape.Select(d => (long)d).ToArray())], [reshaped]);
        string result = toChannelsFirst ? cx.Transpose(reshaped, outShape, ConversionContext.ToChannelsFirst, cx.NodeName(op) + "_to_nchw") : reshaped;
        cx.Produce(op, result, toChannelsFirst);
    }

    public static void Concatenation(ConversionContext cx, TfLiteOperator op)
    {
        cx.ExpectOptions(op, ConcatenationOptionsType);
        int axis = op.Options.GetInt(0);
        var activation = cx.ActivationOption(op, 1);
        var outShape = cx.OutputShape(op);
        int rank = outShape.Length;
        if (axis < 0) axis += rank;
        if (axis < 0 || axis >= rank) throw cx.Unsupported(op, $"axis {op.Options.GetInt(0)} is outside rank {rank}");
        bool channelsFirst = rank == 4;
        var inputs = new List<string>();
        for (int i = 0; i < op.Inputs.Length; i++)
        {
            var v = cx.IsConstant(op.Inputs[i]) ? cx.ConstantAsValue(op, i, channelsFirst) : cx.Value(op, i);
            if (v.ChannelsFirst != channelsFirst) throw cx.Unsupported(op, "inputs of mixed layout", op.Inputs[i]);
            inputs.Add(v.Name);
        }
        string finalName = cx.OutputName(op);
        string raw = activation == TfLiteActivation.None ? finalName : cx.Graph.NewName("concat");
        cx.Graph.AddNode("Concat", cx.NodeName(op), inputs, [raw]).Int("axis", channelsFirst ? ChannelsFirstAxis[axis] : axis);
        cx.Produce(op, cx.Activate(op, activation, raw, finalName), channelsFirst);
    }

    public static void ResizeBilinear(ConversionContext cx, TfLiteOperator op)
    {
        cx.ExpectOptions(op, ResizeBilinearOptionsType);
        bool alignCorners = op.Options.GetBool(2), halfPixelCenters = op.Options.GetBool(3);
        if (alignCorners && halfPixelCenters) throw cx.Unsupported(op, "align_corners and half_pixel_centers both set");
        var input = cx.Value(op, 0);
        if (!input.ChannelsFirst) throw cx.Unsupported(op, "input must be a rank-4 activation", op.Inputs[0]);
        var size = cx.Constant(op, 1);
        if (size.Ints is null || size.Count != 2) throw cx.Unsupported(op, "size must be a constant int32[2]", op.Inputs[1]);
        var outShape = cx.OutputShape(op);
        if (outShape[1] != size.Ints[0] || outShape[2] != size.Ints[1]) throw cx.Unsupported(op, "size input disagrees with the output shape");
        // TFLite's three sampling grids map one-to-one onto ONNX coordinate transformations; both clamp at the border.
        string mode = alignCorners ? "align_corners" : halfPixelCenters ? "half_pixel" : "asymmetric";
        string sizes = cx.Graph.AddInt64Initializer("sizes", [outShape[0], outShape[3], outShape[1], outShape[2]]);
        string output = cx.OutputName(op);
        cx.Graph.AddNode("Resize", cx.NodeName(op), [input.Name, "", "", sizes], [output])
            .String("mode", "linear").String("coordinate_transformation_mode", mode);
        cx.Produce(op, output, channelsFirst: true);
    }

    public static void DepthToSpace(ConversionContext cx, TfLiteOperator op)
    {
        cx.ExpectOptions(op, DepthToSpaceOptionsType);
        int block = op.Options.GetInt(0);
        var input = cx.Value(op, 0);
        if (!input.ChannelsFirst) throw cx.Unsupported(op, "input must be a rank-4 activation", op.Inputs[0]);
        if (block < 1 || input.TfLiteShape[3] % (block * block) != 0) throw cx.Unsupported(op, $"block size {block} does not divide the depth");
        string output = cx.OutputName(op);
        // TensorFlow's depth_to_space reads depth as (row, column, channel): ONNX's DCR mode is the same order.
        cx.Graph.AddNode("DepthToSpace", cx.NodeName(op), [input.Name], [output]).Int("blocksize", block).String("mode", "DCR");
        cx.Produce(op, output, channelsFirst: true);
    }

    public static int[] NchwShape(int[] nhwc) => [nhwc[0], nhwc[3], nhwc[1], nhwc[2]];
}
