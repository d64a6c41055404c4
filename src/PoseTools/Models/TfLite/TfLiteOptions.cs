using Google.FlatBuffers;

namespace PoseTools.Models.TfLite;

/// <summary>
/// Read access to an operator's builtin options table by schema field number (0-based, as in schema.fbs).
/// Fields that are absent read as their schema default, as flatbuffers specify.
/// </summary>
public readonly struct TfLiteOptions
{
    private readonly Table _table;
    private readonly bool _present;

    internal TfLiteOptions(Table table) { _table = table; _present = true; }

    /// <summary>Whether the operator has options at all.</summary>
    public bool IsPresent => _present;

    private int FieldOffset(int field) => _present ? _table.__offset(4 + 2 * field) : 0;

    /// <summary>A scalar field, or its default when absent.</summary>
    public int GetInt(int field, int defaultValue = 0)
    {
        int o = FieldOffset(field);
        return o != 0 ? _table.bb.GetInt(_table.bb_pos + o) : defaultValue;
    }

    /// <summary>A scalar field, or its default when absent.</summary>
    public sbyte GetSByte(int field, sbyte defaultValue = 0)
    {
        int o = FieldOffset(field);
        return o != 0 ? _table.bb.GetSbyte(_table.bb_pos + o) : defaultValue;
    }

    /// <summary>A scalar field, or its default when absent.</summary>
    public bool GetBool(int field, bool defaultValue = false)
    {
        int o = FieldOffset(field);
        return o != 0 ? _table.bb.Get(_table.bb_pos + o) != 0 : defaultValue;
    }

    /// <summary>A scalar field, or its default when absent.</summary>
    public float GetFloat(int field, float defaultValue = 0f)
    {
        int o = FieldOffset(field);
        return o != 0 ? _table.bb.GetFloat(_table.bb_pos + o) : defaultValue;
    }

    /// <summary>A vector field, or null when absent.</summary>
    public int[]? GetIntVector(int field)
    {
        int o = FieldOffset(field);
        return o != 0 ? FlatBufferAccess.IntVector(_table, o) : null;
    }
}
