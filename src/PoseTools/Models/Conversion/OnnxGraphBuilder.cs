using System.Runtime.InteropServices;
using Google.Protobuf;
using PoseTools.Models.Onnx.Proto;

namespace PoseTools.Models.Conversion;

/// <summary>Accumulates ONNX nodes, initializers and graph inputs/outputs, then writes a ModelProto.</summary>
internal sealed class OnnxGraphBuilder
{
    public const int OpsetVersion = 17;
    private const long IrVersion = 8;
    private const int ElementFloat = 1, ElementInt64 = 7;

    private readonly GraphProto _graph = new();
    private readonly HashSet<string> _names = new(StringComparer.Ordinal);
    private int _counter;

    public OnnxGraphBuilder(string graphName) => _graph.Name = graphName;

    public int NodeCount => _graph.Node.Count;

    /// <summary>A fresh value name with a readable prefix.</summary>
    public string NewName(string prefix)
    {
        string name;
        do name = $"{prefix}_{_counter++}"; while (!_names.Add(name));
        return name;
    }

    public void Reserve(string name)
    {
        if (!_names.Add(name)) throw new ModelConversionException($"duplicate ONNX value name '{name}'");
    }

    public string AddFloatInitializer(string prefix, float[] values, params long[] dims)
    {
        string name = NewName(prefix);
        var tensor = new TensorProto { Name = name, DataType = ElementFloat, RawData = ByteString.CopyFrom(MemoryMarshal.AsBytes(values.AsSpan())) };
        tensor.Dims.AddRange(dims);
        _graph.Initializer.Add(tensor);
        return name;
    }

    public string AddInt64Initializer(string prefix, long[] values)
    {
        string name = NewName(prefix);
        var tensor = new TensorProto { Name = name, DataType = ElementInt64, RawData = ByteString.CopyFrom(MemoryMarshal.AsBytes(values.AsSpan())) };
        tensor.Dims.Add(values.Length);
        _graph.Initializer.Add(tensor);
        return name;
    }

    public NodeProto AddNode(string opType, string nodeName, IEnumerable<string> inputs, IEnumerable<string> outputs, string? doc = null)
    {
        var node = new NodeProto { OpType = opType, Name = nodeName };
        node.Input.AddRange(inputs);
        node.Output.AddRange(outputs);
        if (doc is not null) node.DocString = doc;
        _graph.Node.Add(node);
        return node;
    }

    /// <summary>Renames a node output (used to give a final transpose the graph output's name).</summary>
    public void RenameOutput(string from, string to)
    {
        foreach (var node in _graph.Node)
            for (int i = 0; i < node.Output.Count; i++)
                if (node.Output[i] == from) { node.Output[i] = to; return; }
        throw new ModelConversionException($"no node produces '{from}'");
    }

    public void AddInput(string name, int[] shape) => _graph.Input.Add(ValueInfo(name, shape));
    public void AddOutput(string name, int[] shape) => _graph.Output.Add(ValueInfo(name, shape));

    public ModelProto Build(string producerVersion, string docString, IDictionary<string, string> metadata)
    {
        var model = new ModelProto
        {
            IrVersion = IrVersion,
            ProducerName = "PoseTools",
            ProducerVersion = producerVersion,
            DocString = docString,
            Graph = _graph,
        };
        model.OpsetImport.Add(new OperatorSetIdProto { Domain = "", Version = OpsetVersion });
        foreach (var (key, value) in metadata) model.MetadataProps.Add(new StringStringEntryProto { Key = key, Value = value });
        return model;
    }

    private static ValueInfoProto ValueInfo(string name, int[] shape)
    {
        var tensorShape = new TensorShapeProto();
        foreach (int d in shape) tensorShape.Dim.Add(new TensorShapeProto.Types.Dimension { DimValue = d });
        return new ValueInfoProto
        {
            Name = name,
            Type = new TypeProto { TensorType = new TypeProto.Types.Tensor { ElemType = ElementFloat, Shape = tensorShape } },
        };
    }
}

/// <summary>Attribute shorthands for <see cref="NodeProto"/>.</summary>
internal static class OnnxAttributes
{
    public static NodeProto Ints(this NodeProto node, string name, IEnumerable<long> values)
    {
        var a = new AttributeProto { Name = name, Type = AttributeProto.Types.AttributeType.Ints };
        a.Ints.AddRange(values);
        node.Attribute.Add(a);
        return node;
    }

    public static NodeProto Int(this NodeProto node, string name, long value)
    {
        node.Attribute.Add(new AttributeProto { Name = name, Type = AttributeProto.Types.AttributeType.Int, I = value });
        return node;
    }

    public static NodeProto Float(this NodeProto node, string name, float value)
    {
        node.Attribute.Add(new AttributeProto { Name = name, Type = AttributeProto.Types.AttributeType.Float, F = value });
        return node;
    }

    public static NodeProto String(this NodeProto node, string name, string value)
    {
        node.Attribute.Add(new AttributeProto { Name = name, Type = AttributeProto.Types.AttributeType.String, S = ByteString.CopyFromUtf8(value) });
        return node;
    }
}
