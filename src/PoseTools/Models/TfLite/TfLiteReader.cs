using Google.FlatBuffers;

namespace PoseTools.Models.TfLite;

/// <summary>
/// Reads the main subgraph of a TFLite flatbuffer. Field numbers are those of TensorFlow's public
/// schema.fbs (Model, SubGraph, Tensor, Operator, OperatorCode, Buffer, SparsityParameters).
/// </summary>
public static class TfLiteReader
{
    // Model fields
    private const int ModelVersion = 0, ModelOperatorCodes = 1, ModelSubgraphs = 2, ModelDescription = 3, ModelBuffers = 4;
    // SubGraph fields
    private const int SubgraphTensors = 0, SubgraphInputs = 1, SubgraphOutputs = 2, SubgraphOperators = 3;
    // Tensor fields
    private const int TensorShape = 0, TensorType = 1, TensorBuffer = 2, TensorName = 3, TensorQuantization = 4, TensorSparsity = 6;
    // QuantizationParameters fields
    private const int QuantScale = 2, QuantDetailsType = 4;
    // Operator fields
    private const int OperatorOpcodeIndex = 0, OperatorInputs = 1, OperatorOutputs = 2, OperatorOptionsType = 3, OperatorOptions = 4;
    // OperatorCode fields
    private const int CodeDeprecatedBuiltin = 0, CodeCustom = 1, CodeVersion = 2, CodeBuiltin = 3;
    // Buffer fields
    private const int BufferData = 0, BufferOffset = 1;
    // SparsityParameters / DimensionMetadata fields
    private const int SparseTraversalOrder = 0, SparseBlockMap = 1, SparseDimMetadata = 2;
    private const int DimFormat = 0, DimDenseSize = 1, DimSegmentsType = 2, DimSegments = 3, DimIndicesType = 4, DimIndices = 5;
    // Codes above this are stored only in the 32-bit builtin_code field.
    private const int PlaceholderForGreaterOpCodes = 127;

    /// <summary>Reads a .tflite file.</summary>
    public static TfLiteModel Read(string path) => Read(File.ReadAllBytes(path), Path.GetFileName(path));

    /// <summary>Reads a TFLite flatbuffer; <paramref name="name"/> names it in errors.</summary>
    public static TfLiteModel Read(byte[] file, string name)
    {
        if (file.Length < 8)
            throw new TfLiteFormatException($"{name}: {file.Length} bytes is too short to be a TFLite model");
        var bb = new ByteBuffer(file);
        if (!Table.__has_identifier(bb, "TFL3"))
            throw new TfLiteFormatException($"{name}: not a TFLite model (file identifier 'TFL3' missing)");
        try
        {
            return ReadModel(bb, file, name);
        }
        catch (TfLiteFormatException e) when (!e.Message.StartsWith(name + ":", StringComparison.Ordinal))
        {
            throw new TfLiteFormatException($"{name}: corrupt TFLite model: {e.Message}", e);
        }
        catch (Exception e) when (e is IndexOutOfRangeException or ArgumentOutOfRangeException or ArgumentException or OverflowException)
        {
            throw new TfLiteFormatException($"{name}: truncated or corrupt TFLite model ({e.Message})", e);
        }
    }

    private static TfLiteModel ReadModel(ByteBuffer bb, byte[] file, string name)
    {
        int rootPos = bb.GetInt(0);
        if (rootPos < 8 || rootPos + 4 > file.Length)
            throw new TfLiteFormatException($"root table offset {rootPos} lies outside the file");
        var model = new Table(rootPos, bb);
        uint version = (uint)ReadInt(model, ModelVersion, 0);
        string? description = ReadString(model, ModelDescription);

        var buffers = ReadBuffers(model, file);
        var opcodes = ReadOperatorCodes(model);

        int subOff = FlatBufferAccess.FieldOffset(model, ModelSubgraphs);
        if (subOff == 0) throw new TfLiteFormatException("the model has no subgraphs");
        var (subStart, subCount) = FlatBufferAccess.Vector(model, subOff, 4);
        if (subCount < 1) throw new TfLiteFormatException("the model has no subgraphs");
        var sub = FlatBufferAccess.VectorTable(model, subStart, 0);

        var tensors = ReadTensors(sub, buffers, name);
        var inputs = FlatBufferAccess.IntVectorField(sub, SubgraphInputs) ?? [];
        var outputs = FlatBufferAccess.IntVectorField(sub, SubgraphOutputs) ?? [];
        var operators = ReadOperators(sub, opcodes, tensors.Count);
        foreach (int t in inputs.Concat(outputs))
            if (t < 0 || t >= tensors.Count) throw new TfLiteFormatException($"subgraph input/output {t} is not a tensor index");
        return new TfLiteModel(name, version, description, tensors, operators, inputs, outputs);
    }

    private static List<ReadOnlyMemory<byte>?> ReadBuffers(Table model, byte[] file)
    {
        var result = new List<ReadOnlyMemory<byte>?>();
        int off = FlatBufferAccess.FieldOffset(model, ModelBuffers);
        if (off == 0) return result;
        var (start, n) = FlatBufferAccess.Vector(model, off, 4);
        for (int i = 0; i < n; i++)
        {
            var buffer = FlatBufferAccess.VectorTable(model, start, i);
            int dataOff = FlatBufferAccess.FieldOffset(buffer, BufferData);
            if (FlatBufferAccess.FieldOffset(buffer, BufferOffset) != 0 && ReadLong(buffer, BufferOffset) > 1)
                throw new TfLiteFormatException($"buffer {i} is stored outside the flatbuffer (models over 2 GB are not supported)");
            ReadOnlyMemory<byte>? data = null;
            if (dataOff != 0)
            {
                var bytes = FlatBufferAccess.ByteVector(buffer, dataOff, file);
                if (bytes.Length > 0) data = bytes;
            }
            result.Add(data);
        }
        return result;
    }

    private static List<(int Builtin, string? Custom, int Version)> ReadOperatorCodes(Table model)
    {
        var result = new List<(int, string?, int)>();
        int off = FlatBufferAccess.FieldOffset(model, ModelOperatorCodes);
        if (off == 0) return result;
        var (start, n) = FlatBufferAccess.Vector(model, off, 4);
        for (int i = 0; i < n; i++)
        {
            var code = FlatBufferAccess.VectorTable(model, start, i);
            int deprecated = ReadSByte(code, CodeDeprecatedBuiltin, 0);
            int builtin = ReadInt(code, CodeBuiltin, 0);
            // Old writers fill only the byte field; new ones fill both, and codes > 127 only the int field.
            int effective = Math.Max(deprecated, builtin);
            if (deprecated == PlaceholderForGreaterOpCodes) effective = builtin;
            result.Add((effective, ReadString(code, CodeCustom), ReadInt(code, CodeVersion, 1)));
        }
        return result;
    }

    private static List<TfLiteTensor> ReadTensors(Table sub, List<ReadOnlyMemory<byte>?> buffers, string name)
    {
        var result = new List<TfLiteTensor>();
        int off = FlatBufferAccess.FieldOffset(sub, SubgraphTensors);
        if (off == 0) return result;
        var (start, n) = FlatBufferAccess.Vector(sub, off, 4);
        for (int i = 0; i < n; i++)
        {
            var t = FlatBufferAccess.VectorTable(sub, start, i);
            var shape = FlatBufferAccess.IntVectorField(t, TensorShape) ?? [];
            var type = (TfLiteTensorType)ReadSByte(t, TensorType, 0);
            int bufferIndex = ReadInt(t, TensorBuffer, 0);
            if (bufferIndex < 0 || (bufferIndex >= buffers.Count && bufferIndex != 0))
                throw new TfLiteFormatException($"tensor {i} refers to buffer {bufferIndex}, but the model has {buffers.Count}");
            var data = bufferIndex < buffers.Count ? buffers[bufferIndex] : null;
            string tensorName = ReadString(t, TensorName) ?? $"tensor_{i}";
            result.Add(new TfLiteTensor(i, tensorName, shape, type, data, ReadSparsity(t), IsQuantized(t)));
        }
        return result;
    }

    private static bool IsQuantized(Table tensor)
    {
        int off = FlatBufferAccess.FieldOffset(tensor, TensorQuantization);
        if (off == 0) return false;
        var q = FlatBufferAccess.TableAt(tensor, off);
        var scales = FlatBufferAccess.IntVectorField(q, QuantScale);
        return (scales is { Length: > 0 }) || ReadSByte(q, QuantDetailsType, 0) != 0;
    }

    private static TfLiteSparsity? ReadSparsity(Table tensor)
    {
        int off = FlatBufferAccess.FieldOffset(tensor, TensorSparsity);
        if (off == 0) return null;
        var s = FlatBufferAccess.TableAt(tensor, off);
        var order = FlatBufferAccess.IntVectorField(s, SparseTraversalOrder) ?? [];
        var blockMap = FlatBufferAccess.IntVectorField(s, SparseBlockMap) ?? [];
        var dims = new List<TfLiteDimensionMetadata>();
        int dimOff = FlatBufferAccess.FieldOffset(s, SparseDimMetadata);
        if (dimOff != 0)
        {
            var (start, n) = FlatBufferAccess.Vector(s, dimOff, 4);
            for (int i = 0; i < n; i++)
            {
                var d = FlatBufferAccess.VectorTable(s, start, i);
                bool sparse = ReadSByte(d, DimFormat, 0) == 1;
                dims.Add(new TfLiteDimensionMetadata(
                    sparse,
                    ReadInt(d, DimDenseSize, 0),
                    sparse ? ReadIndexVector(d, DimSegmentsType, DimSegments) : [],
                    sparse ? ReadIndexVector(d, DimIndicesType, DimIndices) : []));
            }
        }
        return new TfLiteSparsity(order, blockMap, dims);
    }

    // Union SparseIndexVector: 1 = Int32Vector, 2 = Uint16Vector, 3 = Uint8Vector; each a table with one vector field.
    private static int[] ReadIndexVector(Table dim, int typeField, int valueField)
    {
        int kind = ReadSByte(dim, typeField, 0);
        int off = FlatBufferAccess.FieldOffset(dim, valueField);
        if (off == 0 || kind == 0) throw new TfLiteFormatException("sparse dimension without index vector");
        var holder = FlatBufferAccess.TableAt(dim, off);
        int vecOff = FlatBufferAccess.FieldOffset(holder, 0);
        if (vecOff == 0) return [];
        switch (kind)
        {
            case 1: return FlatBufferAccess.IntVector(holder, vecOff);
            case 2:
            {
                var (start, n) = FlatBufferAccess.Vector(holder, vecOff, 2);
                var r = new int[n];
                for (int i = 0; i < n; i++) r[i] = holder.bb.GetUshort(start + 2 * i);
                return r;
            }
            case 3:
            {
                var (start, n) = FlatBufferAccess.Vector(holder, vecOff, 1);
                var r = new int[n];
                for (int i = 0; i < n; i++) r[i] = holder.bb.Get(start + i);
                return r;
            }
            default: throw new TfLiteFormatException($"unknown sparse index vector type {kind}");
        }
    }

    private static List<TfLiteOperator> ReadOperators(Table sub, List<(int Builtin, string? Custom, int Version)> codes, int tensorCount)
    {
        var result = new List<TfLiteOperator>();
        int off = FlatBufferAccess.FieldOffset(sub, SubgraphOperators);
        if (off == 0) return result;
        var (start, n) = FlatBufferAccess.Vector(sub, off, 4);
        for (int i = 0; i < n; i++)
        {
            var op = FlatBufferAccess.VectorTable(sub, start, i);
            int codeIndex = ReadInt(op, OperatorOpcodeIndex, 0);
            if (codeIndex < 0 || codeIndex >= codes.Count)
                throw new TfLiteFormatException($"operator {i} uses opcode {codeIndex}, but the model lists {codes.Count}");
            var code = codes[codeIndex];
            var inputs = FlatBufferAccess.IntVectorField(op, OperatorInputs) ?? [];
            var outputs = FlatBufferAccess.IntVectorField(op, OperatorOutputs) ?? [];
            foreach (int t in inputs.Concat(outputs))
                if (t < -1 || t >= tensorCount)
                    throw new TfLiteFormatException($"operator {i} refers to tensor {t}, but the subgraph has {tensorCount}");
            byte optionsType = (byte)ReadSByte(op, OperatorOptionsType, 0);
            int optOff = FlatBufferAccess.FieldOffset(op, OperatorOptions);
            var options = optOff != 0 ? new TfLiteOptions(FlatBufferAccess.TableAt(op, optOff)) : default;
            result.Add(new TfLiteOperator(i, code.Builtin, code.Custom, code.Version, inputs, outputs, optionsType, options));
        }
        return result;
    }

    private static int ReadInt(Table t, int field, int def)
    {
        int o = FlatBufferAccess.FieldOffset(t, field);
        return o != 0 ? t.bb.GetInt(t.bb_pos + o) : def;
    }

    private static long ReadLong(Table t, int field)
    {
        int o = FlatBufferAccess.FieldOffset(t, field);
        return o != 0 ? t.bb.GetLong(t.bb_pos + o) : 0;
    }

    private static sbyte ReadSByte(Table t, int field, sbyte def)
    {
        int o = FlatBufferAccess.FieldOffset(t, field);
        return o != 0 ? t.bb.GetSbyte(t.bb_pos + o) : def;
    }

    private static string? ReadString(Table t, int field)
    {
        int o = FlatBufferAccess.FieldOffset(t, field);
        if (o == 0) return null;
        int pos = t.bb_pos + o;
        pos += t.bb.GetInt(pos);
        int len = t.bb.GetInt(pos);
        if (len < 0 || pos + 4L + len > t.bb.Length) throw new TfLiteFormatException($"string at byte {pos} runs past the end of the file");
        return t.bb.GetStringUTF8(pos + 4, len);
    }
}
