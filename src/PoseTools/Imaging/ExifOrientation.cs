using System.Buffers.Binary;
using OpenCvSharp;

namespace PoseTools.Imaging;

/// <summary>
/// EXIF orientation (tag 0x0112, values 1–8): read from a TIFF-structured block, and applied so the pixels come
/// out as the image is meant to be seen — as browsers show it, and as the official pipeline received it.
/// </summary>
public static class ExifOrientation
{
    private const ushort OrientationTag = 0x0112;

    /// <summary>The orientation in an EXIF/TIFF block; 1 (as stored) when absent or unreadable.</summary>
    public static int FromTiff(ReadOnlySpan<byte> tiff)
    {
        int value = ReadIfd0(tiff, [OrientationTag]).GetValueOrDefault(OrientationTag, 1);
        return value is >= 1 and <= 8 ? value : 1;
    }

    /// <summary>Reads the given SHORT/LONG tags of IFD0 of a TIFF structure; missing or malformed tags are left out.</summary>
    internal static Dictionary<int, int> ReadIfd0(ReadOnlySpan<byte> tiff, int[] wanted)
    {
        var result = new Dictionary<int, int>();
        if (tiff.Length < 8) return result;
        bool little = tiff[0] == 'I' && tiff[1] == 'I';
        if (!little && !(tiff[0] == 'M' && tiff[1] == 'M')) return result;
        long ifd = U32(tiff, 4, little);
        if (ifd < 8 || ifd + 2 > tiff.Length) return result;
        int count = U16(tiff, (int)ifd, little);
        for (int i = 0; i < count; i++)
        {
            int entry = (int)ifd + 2 + 12 * i;
            if (entry + 12 > tiff.Length) break;
            int tag = U16(tiff, entry, little), type = U16(tiff, entry + 2, little);
            if (Array.IndexOf(wanted, tag) < 0) continue;
            if (type == 3) result[tag] = U16(tiff, entry + 8, little);  // SHORT, left-justified in the value field
            else if (type == 4) result[tag] = (int)Math.Min(U32(tiff, entry + 8, little), int.MaxValue); // LONG
        }
        return result;
    }

    private static ushort U16(ReadOnlySpan<byte> b, int at, bool little) =>
        little ? BinaryPrimitives.ReadUInt16LittleEndian(b[at..]) : BinaryPrimitives.ReadUInt16BigEndian(b[at..]);

    private static uint U32(ReadOnlySpan<byte> b, int at, bool little) =>
        little ? BinaryPrimitives.ReadUInt32LittleEndian(b[at..]) : BinaryPrimitives.ReadUInt32BigEndian(b[at..]);

    /// <summary>Returns the image turned to its display orientation (a new Mat), or the input itself for 1.</summary>
    public static Mat Apply(Mat image, int orientation)
    {
        if (orientation is <= 1 or > 8) return image;
        var result = new Mat();
        switch (orientation)
        {
            case 2: Cv2.Flip(image, result, FlipMode.Y); break;
            case 3: Cv2.Rotate(image, result, RotateFlags.Rotate180); break;
            case 4: Cv2.Flip(image, result, FlipMode.X); break;
            case 5: Cv2.Transpose(image, result); break;
            case 6: Cv2.Rotate(image, result, RotateFlags.Rotate90Clockwise); break;
            case 7:
                Cv2.Transpose(image, result);
                Cv2.Rotate(result, result, RotateFlags.Rotate180);
                break;
            case 8: Cv2.Rotate(image, result, RotateFlags.Rotate90Counterclockwise); break;
        }
        return result;
    }
}
