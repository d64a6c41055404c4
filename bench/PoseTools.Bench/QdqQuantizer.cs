using System.Runtime.InteropServices;
using Google.Protobuf;
using PoseTools.Models.Onnx.Proto;

namespace PoseTools.Bench;

/// <summary>
/// Post-training static quantisation of a PoseTools ONNX graph into the QDQ form ONNX Runtime fuses into int8 kernels:
/// weights int8 per output channel (symmetric), activations uint8 per tensor from calibrated ranges, biases int32. Only
/// for measuring what int8 would give (<see cref="QuantizationBenchmark"/>): PoseTools ships the float models.
/// </summary>
internal static class QdqQuantizer
{
    private const int Float = 1, UInt8 = 2, Int8 = 3, Int32 = 6;

    // Ops that only move values: their output keeps their input's quantisation, so ONNX Runtime runs them on uint8.
    private static readonly HashSet<string> DataMovement = ["Pad", "DepthToSpace", "Transpose", "Reshape", "Resize"];
    // Ops between the last convolutions and the graph outputs: left in float, where the outputs' precision is made.
    private static readonly HashSet<string> OutputTail = ["Transpose", "Reshape", "Concat", "Sigmoid"];

    /// <param name="floatHeadLevels">How many convolutions before the outputs take float inputs: 0 = every convolution int8;
    /// 2 = the output heads (depthwise, then pointwise) stay float.</param>
    public static byte[] Quantize(ModelProto floatModel, IReadOnlyDictionary<string, (float Min, float Max)> ranges, int floatHeadLevels = 0)
    {
        var model = floatModel.Clone();
        var graph = model.Graph;
        FoldPadsIntoConvolutions(graph);
        var initializers = graph.Initializer.ToDictionary(t => t.Name);
        var outputs = graph.Output.Select(o => o.Name).ToHashSet();
        var consumers = graph.Node.SelectMany(n => n.Input.Select(i => (i, n))).ToLookup(x => x.i, x => x.n);

        bool FeedsOnlyOutputs(string t) => outputs.Contains(t)
            || (consumers[t].Any() && consumers[t].All(c => OutputTail.Contains(c.OpType) && FeedsOnlyOutputs(c.Output[0])));

        var head = graph.Node.SelectMany(n => n.Output).Where(FeedsOnlyOutputs).ToHashSet();
        for (int level = 0; level < floatHeadLevels; level++)
            head.UnionWith(graph.Node.SelectMany(n => n.Output).Where(t =>
                consumers[t].Any() && consumers[t].All(c => c.OpType == "Conv" && c.Output.All(head.Contains))).ToList());

        var quantized = new Dictionary<string, (float Scale, byte ZeroPoint)>();
        foreach (var node in graph.Node)
            foreach (var t in node.Output)
            {
                if (head.Contains(t) || !ranges.TryGetValue(t, out var range)) continue;
                // Quantised after a ReLU6 with zero point 0, the Clip is redundant and ONNX Runtime drops it.
                if (consumers[t].Any() && consumers[t].All(c => c.OpType == "Clip")) continue;
                if (DataMovement.Contains(node.OpType) && quantized.TryGetValue(node.Input[0], out var same))
                {
                    quantized[t] = same;
                    continue;
                }
                float lo = Math.Min(node.OpType == "Clip" ? 0 : range.Min, 0), hi = Math.Max(range.Max, 0);
                float scale = hi > lo ? (hi - lo) / 255f : 1e-8f;
                quantized[t] = (scale, (byte)Math.Clamp(Math.Round(-lo / scale), 0, 255));
            }

        var nodes = new List<NodeProto>();
        var dequantized = new Dictionary<string, string>();
        foreach (var node in graph.Node)
        {
            bool int8Input = quantized.TryGetValue(node.Input[0], out var input) && dequantized.ContainsKey(node.Input[0]);
            for (int i = 0; i < node.Input.Count; i++)
                if (dequantized.TryGetValue(node.Input[i], out var dq)) node.Input[i] = dq;
            if (node.OpType == "Conv" && int8Input) QuantizeConvolution(node, input.Scale, initializers, graph, nodes);
            nodes.Add(node);
            foreach (var t in node.Output)
            {
                if (!quantized.TryGetValue(t, out var p)) continue;
                string scale = AddInitializer(graph, t + "_scale", Float, [], MemoryMarshal.AsBytes([p.Scale]));
                string zero = AddInitializer(graph, t + "_zero", UInt8, [], [p.ZeroPoint]);
                nodes.Add(Node("QuantizeLinear", [t, scale, zero], t + "_q"));
                nodes.Add(Node("DequantizeLinear", [t + "_q", scale, zero], t + "_dq"));
                dequantized[t] = t + "_dq";
            }
        }
        graph.Node.Clear();
        graph.Node.AddRange(nodes);
        var used = nodes.SelectMany(n => n.Input).ToHashSet();
        var kept = graph.Initializer.Where(t => used.Contains(t.Name)).ToList();
        graph.Initializer.Clear();
        graph.Initializer.AddRange(kept);
        return model.ToByteArray();
    }

    // Weights → int8 per output channel; bias → int32 at input scale × weight scale, as QLinearConv takes them.
    private static void QuantizeConvolution(NodeProto conv, float inputScale, Dictionary<string, TensorProto> initializers, GraphProto graph, List<NodeProto> nodes)
    {
        var weightTensor = initializers[conv.Input[1]];
        float[] w = Floats(weightTensor);
        int channels = (int)weightTensor.Dims[0], perChannel = w.Length / channels;
        var scales = new float[channels];
        var q = new sbyte[w.Length];
        for (int c = 0; c < channels; c++)
        {
            var slice = w.AsSpan(c * perChannel, perChannel);
            float max = 0;
            foreach (float v in slice) max = Math.Max(max, Math.Abs(v));
            scales[c] = max > 0 ? max / 127f : 1e-8f;
            for (int i = 0; i < perChannel; i++) q[c * perChannel + i] = (sbyte)Math.Clamp(Math.Round(slice[i] / scales[c]), -127, 127);
        }
        string name = conv.Input[1];
        nodes.Add(Node("DequantizeLinear", [
            AddInitializer(graph, name + "_int8", Int8, weightTensor.Dims, MemoryMarshal.AsBytes(q.AsSpan())),
            AddInitializer(graph, name + "_scale", Float, [channels], MemoryMarshal.AsBytes(scales.AsSpan())),
            AddInitializer(graph, name + "_zero", Int8, [channels], new byte[channels])], name + "_dq", axis: 0));
        conv.Input[1] = name + "_dq";
        if (conv.Input.Count < 3 || conv.Input[2].Length == 0) return;

        float[] bias = Floats(initializers[conv.Input[2]]);
        var biasScales = scales.Select(s => inputScale * s).ToArray();
        var biasInt = bias.Select((b, c) => (int)Math.Round(b / biasScales[c])).ToArray();
        string b = conv.Input[2];
        nodes.Add(Node("DequantizeLinear", [
            AddInitializer(graph, b + "_int32", Int32, [channels], MemoryMarshal.AsBytes(biasInt.AsSpan())),
            AddInitializer(graph, b + "_scale", Float, [channels], MemoryMarshal.AsBytes(biasScales.AsSpan())),
            AddInitializer(graph, b + "_zero", Int32, [channels], new byte[channels * 4])], b + "_dq", axis: 0));
        conv.Input[2] = b + "_dq";
    }

    // TFLite's SAME padding of a strided convolution arrives as a Pad before it; inside the Conv, ONNX Runtime can fuse it.
    private static void FoldPadsIntoConvolutions(GraphProto graph)
    {
        var initializers = graph.Initializer.ToDictionary(t => t.Name);
        var consumers = graph.Node.SelectMany(n => n.Input.Select(i => (i, n))).ToLookup(x => x.i, x => x.n);
        foreach (var pad in graph.Node.Where(n => n.OpType == "Pad").ToList())
        {
            var users = consumers[pad.Output[0]].ToList();
            bool constantZero = (pad.Input.Count < 3 || pad.Input[2].Length == 0)
                && pad.Attribute.All(a => a.Name != "mode" || a.S.ToStringUtf8() == "constant");
            if (users.Count == 0 || users.Any(u => u.OpType != "Conv") || !constantZero) continue;
            var p = MemoryMarshal.Cast<byte, long>(initializers[pad.Input[1]].RawData.Span).ToArray();
            if (p.Length != 8 || p[0] != 0 || p[1] != 0 || p[4] != 0 || p[5] != 0) continue; // batch or channel padding
            foreach (var conv in users)
            {
                var pads = conv.Attribute.FirstOrDefault(a => a.Name == "pads");
                if (pads is null) conv.Attribute.Add(pads = new AttributeProto { Name = "pads", Type = AttributeProto.Types.AttributeType.Ints, Ints = { 0, 0, 0, 0 } });
                long[] sum = [pads.Ints[0] + p[2], pads.Ints[1] + p[3], pads.Ints[2] + p[6], pads.Ints[3] + p[7]];
                pads.Ints.Clear();
                pads.Ints.AddRange(sum);
                conv.Input[0] = pad.Input[0];
            }
            graph.Node.Remove(pad);
        }
    }

    private static float[] Floats(TensorProto t) =>
        t.RawData.Length > 0 ? MemoryMarshal.Cast<byte, float>(t.RawData.Span).ToArray() : t.FloatData.ToArray();

    private static string AddInitializer(GraphProto graph, string name, int type, IEnumerable<long> dims, ReadOnlySpan<byte> data)
    {
        var tensor = new TensorProto { Name = name, DataType = type, RawData = ByteString.CopyFrom(data) };
        tensor.Dims.AddRange(dims);
        graph.Initializer.Add(tensor);
        return name;
    }

    private static NodeProto Node(string op, string[] inputs, string output, long? axis = null)
    {
        var node = new NodeProto { OpType = op, Name = output + "_node", Input = { inputs }, Output = { output } };
        if (axis is { } a) node.Attribute.Add(new AttributeProto { Name = "axis", Type = AttributeProto.Types.AttributeType.Int, I = a });
        return node;
    }
}
