using Google.FlatBuffers;

namespace PoseTools.Models.TfLite;

/// <summary>
/// Bounds-checked reads of flatbuffer vectors. A corrupt length must fail as a format error,
/// not as a huge allocation, so every vector is checked against the buffer before it is copied.
/// </summary>
internal static class FlatBufferAccess
{
    public static int FieldOffset(Table t, int field) => t.__offset(4 + 2 * field);

    public static (int Start, int Length) Vector(Table t, int fieldOffset, int elementSize)
    {
        int start = t.__vector(fieldOffset);
        int length = t.__vector_len(fieldOffset);
        if (length < 0 || start < 0 || (long)start + (long)length * elementSize > t.bb.Length)
            throw new TfLiteFormatException($"vector at byte {start} with {length} elements runs past the end of the file");
        return (start, length);
    }

    public static int[] IntVector(Table t, int fieldOffset)
    {
        var (start, n) = Vector(t, fieldOffset, 4);
        var result = new int[n];
        for (int i = 0; i < n; i++) result[i] = t.bb.GetInt(start + 4 * i);
        return result;
    }

    public static int[]? IntVectorField(Table t, int field)
    {
        int o = FieldOffset(t, field);
        return o == 0 ? null : IntVector(t, o);
    }

    public static ReadOnlyMemory<byte> ByteVector(Table t, int fieldOffset, byte[] file)
    {
        var (start, n) = Vector(t, fieldOffset, 1);
        return new ReadOnlyMemory<byte>(file, start, n);
    }

    public static Table TableAt(Table t, int fieldOffset)
    {
        int pos = t.__indirect(t.bb_pos + fieldOffset);
        CheckTablePosition(t.bb, pos);
        return new Table(pos, t.bb);
    }

    public static Table VectorTable(Table t, int vectorStart, int index)
    {
        int pos = t.__indirect(vectorStart + 4 * index);
        CheckTablePosition(t.bb, pos);
        return new Table(pos, t.bb);
    }

    private static void CheckTablePosition(ByteBuffer bb, int pos)
    {
        if (pos < 0 || pos + 4 > bb.Length)
            throw new TfLiteFormatException($"table offset {pos} lies outside the file");
        int vtable = pos - bb.GetInt(pos);
        if (vtable < 0 || vtable + 4 > bb.Length)
            throw new TfLiteFormatException($"table at byte {pos} points to a vtable outside the file");
    }
}
