using Google.FlatBuffers;
using PoseTools.Models.TfLite;

namespace PoseTools.Tests.Conversion;

/// <summary>
/// Writes small TFLite flatbuffers for tests (schema field numbers as in TensorFlow's schema.fbs), so each
/// operator's conversion can be checked on its own graph.
/// </summary>
public sealed class TfLiteModelBuilder
{
    private sealed record TensorSpec(string Name, int[] Shape, TfLiteTensorType Type, byte[]? Data, SparseSpec? Sparsity, float? QuantScale);
    private sealed record OpSpec(int Builtin, int[] Inputs, int[] Outputs, byte OptionsType, (int Field, object Value)[] Options, string? Custom);

    /// <summary>Sparse storage: per traversal level either a dense size or CSR (segments, indices).</summary>
    public sealed record SparseSpec(int[] TraversalOrder, int[] BlockMap, (int DenseSize, int[]? Segments, int[]? Indices)[] Levels);

    private readonly List<TensorSpec> _tensors = [];
    private readonly List<OpSpec> _ops = [];
    private readonly List<int> _inputs = [], _outputs = [];

    public int Input(string name, params int[] shape)
    {
        int t = Tensor(name, shape);
        _inputs.Add(t);
        return t;
    }

    public int Tensor(string name, params int[] shape) => Add(new TensorSpec(name, shape, TfLiteTensorType.Float32, null, null, null));

    public int Constant(string name, int[] shape, float[] values) => Add(new TensorSpec(name, shape, TfLiteTensorType.Float32, Bytes(values), null, null));

    public int ConstantInts(string name, int[] shape, int[] values) => Add(new TensorSpec(name, shape, TfLiteTensorType.Int32, Bytes(values), null, null));

    public int ConstantHalf(string name, int[] shape, float[] values, SparseSpec? sparsity = null)
        => Add(new TensorSpec(name, shape, TfLiteTensorType.Float16, values.SelectMany(v => BitConverter.GetBytes((Half)v)).ToArray(), sparsity, null));

    public int QuantizedInt8(string name, int[] shape, sbyte[] values, float scale)
        => Add(new TensorSpec(name, shape, TfLiteTensorType.Int8, values.Select(v => (byte)v).ToArray(), null, scale));

    public void Op(TfLiteBuiltinOperator op, int[] inputs, int[] outputs, byte optionsType = 0, params (int Field, object Value)[] options)
        => _ops.Add(new OpSpec((int)op, inputs, outputs, optionsType, options, null));

    public void BuiltinCode(int code, int[] inputs, int[] outputs) => _ops.Add(new OpSpec(code, inputs, outputs, 0, [], null));

    public void CustomOp(string code, int[] inputs, int[] outputs) => _ops.Add(new OpSpec(32, inputs, outputs, 0, [], code));

    public void Output(int tensor) => _outputs.Add(tensor);

    private int Add(TensorSpec spec)
    {
        _tensors.Add(spec);
        return _tensors.Count - 1;
    }

    private static byte[] Bytes(float[] v) => v.SelectMany(BitConverter.GetBytes).ToArray();
    private static byte[] Bytes(int[] v) => v.SelectMany(BitConverter.GetBytes).ToArray();

    public TfLiteModel BuildModel(string name = "test.tflite") => TfLiteReader.Read(Build(), name);

    public byte[] Build()
    {
        var b = new FlatBufferBuilder(1024);

        // Buffers: 0 is the conventional empty buffer; constants get one each.
        var bufferOffsets = new List<int> { EmptyTable(b) };
        var bufferOf = new int[_tensors.Count];
        for (int i = 0; i < _tensors.Count; i++)
        {
            if (_tensors[i].Data is not { } data) continue;
            b.StartVector(1, data.Length, 16);
            for (int k = data.Length - 1; k >= 0; k--) b.AddByte(data[k]);
            var vec = b.EndVector();
            b.StartTable(3);
            b.AddOffset(0, vec.Value, 0);
            bufferOffsets.Add(b.EndTable());
            bufferOf[i] = bufferOffsets.Count - 1;
        }

        var tensorOffsets = new int[_tensors.Count];
        for (int i = 0; i < _tensors.Count; i++)
        {
            var t = _tensors[i];
            var nameOff = b.CreateString(t.Name);
            var shapeOff = IntVector(b, t.Shape);
            int sparsityOff = t.Sparsity is null ? 0 : Sparsity(b, t.Sparsity);
            int quantOff = 0;
            if (t.QuantScale is { } scale)
            {
                b.StartVector(4, 1, 4); b.AddFloat(scale); var scales = b.EndVector();
                b.StartTable(7); b.AddOffset(2, scales.Value, 0); quantOff = b.EndTable();
            }
            b.StartTable(9);
            b.AddOffset(0, shapeOff, 0);
            b.AddSbyte(1, (sbyte)t.Type, 0);
            b.AddUint(2, (uint)bufferOf[i], 0);
            b.AddOffset(3, nameOff.Value, 0);
            if (quantOff != 0) b.AddOffset(4, quantOff, 0);
            if (sparsityOff != 0) b.AddOffset(6, sparsityOff, 0);
            tensorOffsets[i] = b.EndTable();
        }

        var codes = _ops.Select(o => (o.Builtin, o.Custom)).Distinct().ToList();
        var opOffsets = new List<int>();
        foreach (var op in _ops)
        {
            var ins = IntVector(b, op.Inputs);
            var outs = IntVector(b, op.Outputs);
            int optionsOff = 0;
            if (op.OptionsType != 0)
            {
                int fields = op.Options.Length == 0 ? 0 : op.Options.Max(o => o.Field) + 1;
                b.StartTable(fields);
                foreach (var (field, value) in op.Options)
                    switch (value)
                    {
                        case int v: b.AddInt(field, v, int.MinValue); break;
                        case bool v: b.AddBool(field, v, !v); break;
                        case sbyte v: b.AddSbyte(field, v, sbyte.MinValue); break;
                        case TfLitePadding v: b.AddSbyte(field, (sbyte)v, sbyte.MinValue); break;
                        case TfLiteActivation v: b.AddSbyte(field, (sbyte)v, sbyte.MinValue); break;
                        default: throw new ArgumentException($"option type {value.GetType()}");
                    }
                optionsOff = b.EndTable();
            }
            b.StartTable(9);
            b.AddUint(0, (uint)codes.IndexOf((op.Builtin, op.Custom)), uint.MaxValue);
            b.AddOffset(1, ins, 0);
            b.AddOffset(2, outs, 0);
            if (op.OptionsType != 0) { b.AddByte(3, op.OptionsType, 0); b.AddOffset(4, optionsOff, 0); }
            opOffsets.Add(b.EndTable());
        }

        var codeOffsets = new List<int>();
        foreach (var (builtin, custom) in codes)
        {
            int customOff = custom is null ? 0 : b.CreateString(custom).Value;
            b.StartTable(4);
            b.AddSbyte(0, (sbyte)Math.Min(builtin, 127), sbyte.MinValue);
            if (customOff != 0) b.AddOffset(1, customOff, 0);
            b.AddInt(2, 1, 0);
            b.AddInt(3, builtin, int.MinValue);
            codeOffsets.Add(b.EndTable());
        }

        var tensorsVec = OffsetVector(b, tensorOffsets);
        var inputsVec = IntVector(b, _inputs.ToArray());
        var outputsVec = IntVector(b, _outputs.ToArray());
        var opsVec = OffsetVector(b, opOffsets.ToArray());
        b.StartTable(5);
        b.AddOffset(0, tensorsVec, 0);
        b.AddOffset(1, inputsVec, 0);
        b.AddOffset(2, outputsVec, 0);
        b.AddOffset(3, opsVec, 0);
        int subgraph = b.EndTable();

        var codesVec = OffsetVector(b, codeOffsets.ToArray());
        var subgraphsVec = OffsetVector(b, [subgraph]);
        var buffersVec = OffsetVector(b, bufferOffsets.ToArray());
        var description = b.CreateString("PoseTools test model");
        b.StartTable(5);
        b.AddUint(0, 3, 0);
        b.AddOffset(1, codesVec, 0);
        b.AddOffset(2, subgraphsVec, 0);
        b.AddOffset(3, description.Value, 0);
        b.AddOffset(4, buffersVec, 0);
        int model = b.EndTable();
        b.Finish(model, "TFL3");
        return b.SizedByteArray();
    }

    private static int Sparsity(FlatBufferBuilder b, SparseSpec s)
    {
        var dims = new List<int>();
        foreach (var (dense, segments, indices) in s.Levels)
        {
            int seg = 0, idx = 0;
            if (segments is not null) seg = Int32VectorTable(b, segments);
            if (indices is not null) idx = Int32VectorTable(b, indices);
            b.StartTable(6);
            b.AddSbyte(0, (sbyte)(segments is null ? 0 : 1), sbyte.MinValue);
            b.AddInt(1, dense, int.MinValue);
            if (seg != 0) { b.AddByte(2, 1, 0); b.AddOffset(3, seg, 0); }
            if (idx != 0) { b.AddByte(4, 1, 0); b.AddOffset(5, idx, 0); }
            dims.Add(b.EndTable());
        }
        var order = IntVector(b, s.TraversalOrder);
        var blockMap = s.BlockMap.Length > 0 ? IntVector(b, s.BlockMap) : 0;
        var dimVec = OffsetVector(b, dims.ToArray());
        b.StartTable(3);
        b.AddOffset(0, order, 0);
        if (blockMap != 0) b.AddOffset(1, blockMap, 0);
        b.AddOffset(2, dimVec, 0);
        return b.EndTable();
    }

    private static int Int32VectorTable(FlatBufferBuilder b, int[] values)
    {
        var vec = IntVector(b, values);
        b.StartTable(1);
        b.AddOffset(0, vec, 0);
        return b.EndTable();
    }

    private static int EmptyTable(FlatBufferBuilder b)
    {
        b.StartTable(0);
        return b.EndTable();
    }

    private static int IntVector(FlatBufferBuilder b, int[] values)
    {
        b.StartVector(4, values.Length, 4);
        for (int i = values.Length - 1; i >= 0; i--) b.AddInt(values[i]);
        return b.EndVector().Value;
    }

    private static int OffsetVector(FlatBufferBuilder b, int[] offsets)
    {
        b.StartVector(4, offsets.Length, 4);
        for (int i = offsets.Length - 1; i >= 0; i--) b.AddOffset(offsets[i]);
        return b.EndVector().Value;
    }
}
