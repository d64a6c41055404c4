using Google.Protobuf;
using PoseTools.Models.Onnx.Proto;

namespace PoseTools.Models.Onnx;

/// <summary>
/// Removes graph outputs and every node and initializer that only they need. ONNX Runtime computes the whole graph
/// whatever outputs a run asks for, so a model without the segmentation head is a separate, smaller graph.
/// </summary>
public static class OnnxGraphPruner
{
    /// <summary>The model with only the given outputs, and everything that computes no other output removed.</summary>
    public static byte[] KeepOutputs(byte[] onnxModel, IReadOnlyCollection<string> outputsToKeep)
    {
        var model = ModelProto.Parser.ParseFrom(onnxModel);
        var graph = model.Graph;
        var unknown = outputsToKeep.Except(graph.Output.Select(o => o.Name)).ToList();
        if (unknown.Count > 0) throw new ArgumentException($"the model has no output(s) {string.Join(", ", unknown)}");

        var kept = graph.Output.Where(o => outputsToKeep.Contains(o.Name)).ToList();
        graph.Output.Clear();
        graph.Output.AddRange(kept);

        // Walk back from the kept outputs; nodes are topologically sorted, so one reverse pass suffices.
        var needed = new HashSet<string>(outputsToKeep);
        var liveNodes = new List<NodeProto>();
        for (int i = graph.Node.Count - 1; i >= 0; i--)
        {
            var node = graph.Node[i];
            if (!node.Output.Any(needed.Contains)) continue;
            liveNodes.Add(node);
            foreach (var input in node.Input.Where(n => n.Length > 0)) needed.Add(input);
        }
        liveNodes.Reverse();
        graph.Node.Clear();
        graph.Node.AddRange(liveNodes);

        var initializers = graph.Initializer.Where(t => needed.Contains(t.Name)).ToList();
        graph.Initializer.Clear();
        graph.Initializer.AddRange(initializers);
        return model.ToByteArray();
    }
}
