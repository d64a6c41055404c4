using System.Buffers.Binary;

namespace PoseTools.Imaging;

/// <summary>
/// The part of an ICC profile needed to show an RGB image correctly: a matrix/TRC ("matrix-shaper") RGB profile —
/// three primaries in D50 XYZ and three tone curves. This covers the profiles cameras and phones embed (Adobe RGB,
/// Display P3, ProPhoto); LUT-based profiles are not read (their images are used as stored).
/// </summary>
public sealed class IccProfile
{
    /// <summary>Primaries as columns: XYZ(D50) = Matrix · linear RGB.</summary>
    public double[,] Matrix { get; }
    /// <summary>Tone curve per channel: encoded value (0..1) → linear light.</summary>
    public Func<double, double>[] Curves { get; }
    /// <summary>The profile's description tag (e.g. "Adobe RGB (1998)").</summary>
    public string Description { get; }

    private IccProfile(double[,] matrix, Func<double, double>[] curves, string description)
    {
        Matrix = matrix;
        Curves = curves;
        Description = description;
    }

    /// <summary>Parses a matrix/TRC RGB profile; null for anything else or anything malformed.</summary>
    public static IccProfile? TryParse(ReadOnlySpan<byte> icc)
    {
        try { return Parse(icc); }
        catch (Exception e) when (e is ArgumentOutOfRangeException or IndexOutOfRangeException or ArgumentException) { return null; }
    }

    private static IccProfile? Parse(ReadOnlySpan<byte> icc)
    {
        if (icc.Length < 132 || !icc.Slice(36, 4).SequenceEqual("acsp"u8)) return null;
        if (!icc.Slice(16, 4).SequenceEqual("RGB "u8) || !icc.Slice(20, 4).SequenceEqual("XYZ "u8)) return null;
        int count = (int)BinaryPrimitives.ReadUInt32BigEndian(icc[128..]);
        var tags = new Dictionary<string, (int Offset, int Size)>();
        for (int i = 0; i < count && 132 + 12 * i + 12 <= icc.Length; i++)
        {
            var entry = icc.Slice(132 + 12 * i, 12);
            string signature = System.Text.Encoding.ASCII.GetString(entry[..4]);
            int offset = (int)BinaryPrimitives.ReadUInt32BigEndian(entry[4..]), size = (int)BinaryPrimitives.ReadUInt32BigEndian(entry[8..]);
            if (offset >= 0 && size > 0 && (long)offset + size <= icc.Length) tags[signature] = (offset, size);
        }
        string[] xyz = ["rXYZ", "gXYZ", "bXYZ"], trc = ["rTRC", "gTRC", "bTRC"];
        if (!xyz.Concat(trc).All(tags.ContainsKey)) return null;

        var matrix = new double[3, 3];
        for (int c = 0; c < 3; c++)
        {
            var tag = icc.Slice(tags[xyz[c]].Offset, tags[xyz[c]].Size);
            if (tag.Length < 20 || !tag[..4].SequenceEqual("XYZ "u8)) return null;
            for (int r = 0; r < 3; r++) matrix[r, c] = S15Fixed16(tag[(8 + 4 * r)..]);
        }
        var curves = new Func<double, double>[3];
        for (int c = 0; c < 3; c++)
            if ((curves[c] = ParseCurve(icc.Slice(tags[trc[c]].Offset, tags[trc[c]].Size))!) is null) return null;
        return new IccProfile(matrix, curves, Describe(icc, tags));
    }

    private static double S15Fixed16(ReadOnlySpan<byte> b) => BinaryPrimitives.ReadInt32BigEndian(b) / 65536.0;

    private static Func<double, double>? ParseCurve(ReadOnlySpan<byte> tag)
    {
        if (tag.Length >= 12 && tag[..4].SequenceEqual("curv"u8))
        {
            int n = (int)BinaryPrimitives.ReadUInt32BigEndian(tag[8..]);
            if (n == 0) return v => v;
            if (n == 1)
            {
                double gamma = BinaryPrimitives.ReadUInt16BigEndian(tag[12..]) / 256.0;
                return v => Math.Pow(v, gamma);
            }
            if (tag.Length < 12 + 2 * n) return null;
            var table = new double[n];
            for (int i = 0; i < n; i++) table[i] = BinaryPrimitives.ReadUInt16BigEndian(tag[(12 + 2 * i)..]) / 65535.0;
            return v =>
            {
                double x = Math.Clamp(v, 0, 1) * (n - 1);
                int i = Math.Min((int)x, n - 2);
                return table[i] + (table[i + 1] - table[i]) * (x - i);
            };
        }
        if (tag.Length >= 12 && tag[..4].SequenceEqual("para"u8))
        {
            int type = BinaryPrimitives.ReadUInt16BigEndian(tag[8..]);
            int[] parameterCount = [1, 3, 4, 5, 7];
            if (type > 4 || tag.Length < 12 + 4 * parameterCount[type]) return null;
            var p = new double[7];
            for (int i = 0; i < parameterCount[type]; i++) p[i] = S15Fixed16(tag[(12 + 4 * i)..]);
            double g = p[0], a = p[1], b = p[2], c = p[3], d = p[4], e = p[5], f = p[6];
            return type switch
            {
                0 => v => Math.Pow(v, g),
                1 => v => v >= -b / a ? Math.Pow(a * v + b, g) : 0,
                2 => v => v >= -b / a ? Math.Pow(a * v + b, g) + c : c,
                3 => v => v >= d ? Math.Pow(a * v + b, g) : c * v,
                _ => v => v >= d ? Math.Pow(a * v + b, g) + e : c * v + f,
            };
        }
        return null;
    }

    private static string Describe(ReadOnlySpan<byte> icc, Dictionary<string, (int Offset, int Size)> tags)
    {
        if (!tags.TryGetValue("desc", out var desc) || desc.Size < 12) return "";
        var tag = icc.Slice(desc.Offset, desc.Size);
        if (tag[..4].SequenceEqual("desc"u8))
        {
            int n = (int)BinaryPrimitives.ReadUInt32BigEndian(tag[8..]);
            return System.Text.Encoding.ASCII.GetString(tag.Slice(12, Math.Clamp(n, 0, tag.Length - 12))).TrimEnd('\0');
        }
        return "";
    }
}
