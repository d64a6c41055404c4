using System.Buffers.Binary;
using PoseTools.Models.TfLite;

namespace PoseTools.Models.Conversion;

/// <summary>Decodes a constant tensor's buffer (float32, float16, int32; dense or sparse) at conversion time.</summary>
internal static class ConstantReader
{
    public static ConstantTensor Read(TfLiteTensor t, string context)
    {
        string label = $"{context}: tensor #{t.Index} '{t.Name}'";
        if (t.IsQuantized)
            throw new ModelConversionException($"{label} is quantized ({t.Type}); quantized models are not supported");
        var bytes = t.Data!.Value.Span;
        int stored = t.Type switch
        {
            TfLiteTensorType.Float32 or TfLiteTensorType.Int32 => bytes.Length / 4,
            TfLiteTensorType.Float16 => bytes.Length / 2,
            _ => throw new ModelConversionException($"{label}: constant type {t.Type} is not supported"),
        };
        long expected = t.Sparsity is null ? t.ElementCount : stored;
        if (stored != expected || bytes.Length % (t.Type == TfLiteTensorType.Float16 ? 2 : 4) != 0)
            throw new ModelConversionException($"{label}: buffer holds {bytes.Length} bytes, shape [{string.Join(",", t.Shape)}] needs {expected} values");

        if (t.Type == TfLiteTensorType.Int32)
        {
            if (t.Sparsity is not null) throw new ModelConversionException($"{label}: sparse int32 constants are not supported");
            var ints = new int[stored];
            for (int i = 0; i < stored; i++) ints[i] = BinaryPrimitives.ReadInt32LittleEndian(bytes[(4 * i)..]);
            return ConstantTensor.OfInts(t.Shape, ints);
        }

        var floats = new float[stored];
        if (t.Type == TfLiteTensorType.Float32)
            for (int i = 0; i < stored; i++) floats[i] = BinaryPrimitives.ReadSingleLittleEndian(bytes[(4 * i)..]);
        else
            for (int i = 0; i < stored; i++) floats[i] = (float)BinaryPrimitives.ReadHalfLittleEndian(bytes[(2 * i)..]);

        if (t.Sparsity is not null) floats = SparseTensorDensifier.Densify(t.Shape, t.Sparsity, floats, label);
        return ConstantTensor.OfFloats(t.Shape, floats);
    }
}
