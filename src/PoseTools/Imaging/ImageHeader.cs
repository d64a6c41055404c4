using System.Buffers.Binary;

namespace PoseTools.Imaging;

/// <summary>Container formats PoseTools recognises by their leading bytes.</summary>
public enum ImageFormat
{
    /// <summary>Not an image format PoseTools reads.</summary>
    Unknown,
    /// <summary>JPEG.</summary>
    Jpeg,
    /// <summary>PNG.</summary>
    Png,
    /// <summary>BMP.</summary>
    Bmp,
    /// <summary>WebP.</summary>
    WebP,
    /// <summary>TIFF.</summary>
    Tiff,
    /// <summary>GIF (its first frame).</summary>
    Gif,
}

/// <summary>
/// What an image file says about itself before any pixel is decoded: its format (sniffed from the bytes, never
/// from the extension), its size, its EXIF orientation, and whether the file is complete. Reading this first lets
/// decompression bombs and truncated files be refused cheaply.
/// </summary>
public sealed record ImageHeader(ImageFormat Format, int Width, int Height, int Orientation, bool IsComplete)
{
    /// <summary>The embedded ICC colour profile, if any.</summary>
    public byte[]? IccProfile { get; init; }

    /// <summary>Width and height as displayed, after the EXIF orientation is applied.</summary>
    public (int Width, int Height) DisplaySize => Orientation >= 5 ? (Height, Width) : (Width, Height);

    /// <summary>The format of image bytes, judged by their leading bytes (never by a name).</summary>
    public static ImageFormat SniffFormat(ReadOnlySpan<byte> b)
    {
        if (b.Length >= 3 && b[0] == 0xFF && b[1] == 0xD8 && b[2] == 0xFF) return ImageFormat.Jpeg;
        if (b.Length >= 8 && b[..8].SequenceEqual((ReadOnlySpan<byte>)[0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A])) return ImageFormat.Png;
        if (b.Length >= 26 && b[0] == 'B' && b[1] == 'M') return ImageFormat.Bmp;
        if (b.Length >= 16 && b[..4].SequenceEqual("RIFF"u8) && b[8..12].SequenceEqual("WEBP"u8)) return ImageFormat.WebP;
        if (b.Length >= 8 && ((b[0] == 'I' && b[1] == 'I' && b[2] == 42 && b[3] == 0) || (b[0] == 'M' && b[1] == 'M' && b[2] == 0 && b[3] == 42))) return ImageFormat.Tiff;
        if (b.Length >= 10 && (b[..6].SequenceEqual("GIF87a"u8) || b[..6].SequenceEqual("GIF89a"u8))) return ImageFormat.Gif;
        return ImageFormat.Unknown;
    }

    /// <summary>Reads the header; null when the format is unknown or the header itself is cut short.</summary>
    public static ImageHeader? TryRead(ReadOnlySpan<byte> b) => SniffFormat(b) switch
    {
        ImageFormat.Jpeg => ReadJpeg(b),
        ImageFormat.Png => ReadPng(b),
        ImageFormat.Bmp => new ImageHeader(ImageFormat.Bmp, BinaryPrimitives.ReadInt32LittleEndian(b[18..]),
            Math.Abs(BinaryPrimitives.ReadInt32LittleEndian(b[22..])), 1,
            b.Length >= BinaryPrimitives.ReadUInt32LittleEndian(b[2..]) || BinaryPrimitives.ReadUInt32LittleEndian(b[2..]) == 0),
        ImageFormat.WebP => ReadWebP(b),
        ImageFormat.Tiff => ReadTiff(b),
        ImageFormat.Gif => new ImageHeader(ImageFormat.Gif, BinaryPrimitives.ReadUInt16LittleEndian(b[6..]),
            BinaryPrimitives.ReadUInt16LittleEndian(b[8..]), 1, b[^1] == 0x3B),
        _ => null,
    };

    private static ImageHeader? ReadJpeg(ReadOnlySpan<byte> b)
    {
        int width = 0, height = 0, orientation = 1, pos = 2;
        var icc = new SortedDictionary<int, byte[]>();
        while (pos + 4 <= b.Length)
        {
            if (b[pos] != 0xFF) return null;
            byte marker = b[pos + 1];
            if (marker == 0xFF) { pos++; continue; }                      // fill byte
            if (marker is 0xD8 or (>= 0xD0 and <= 0xD7) or 0x01) { pos += 2; continue; }
            int length = BinaryPrimitives.ReadUInt16BigEndian(b[(pos + 2)..]);
            if (length < 2 || pos + 2 + length > b.Length) return width > 0 ? new ImageHeader(ImageFormat.Jpeg, width, height, orientation, false) : null;
            var segment = b.Slice(pos + 4, length - 2);
            if (marker is >= 0xC0 and <= 0xCF and not 0xC4 and not 0xC8 and not 0xCC && segment.Length >= 5)
            {
                height = BinaryPrimitives.ReadUInt16BigEndian(segment[1..]);
                width = BinaryPrimitives.ReadUInt16BigEndian(segment[3..]);
            }
            else if (marker == 0xE1 && segment.Length > 6 && segment[..6].SequenceEqual("Exif\0\0"u8))
                orientation = ExifOrientation.FromTiff(segment[6..]);
            else if (marker == 0xE2 && segment.Length > 14 && segment[..12].SequenceEqual("ICC_PROFILE\0"u8))
                icc[segment[12]] = segment[14..].ToArray(); // chunks carry a sequence number
            else if (marker == 0xDA)
            {
                // Entropy-coded data follows; a complete file ends with an EOI marker (FF D9) after it.
                bool complete = b[(pos + 2 + length)..].IndexOf((ReadOnlySpan<byte>)[0xFF, 0xD9]) >= 0;
                return width > 0 ? new ImageHeader(ImageFormat.Jpeg, width, height, orientation, complete) { IccProfile = Join(icc) } : null;
            }
            pos += 2 + length;
        }
        return width > 0 ? new ImageHeader(ImageFormat.Jpeg, width, height, orientation, false) : null;
    }

    private static byte[]? Join(SortedDictionary<int, byte[]> chunks) =>
        chunks.Count == 0 ? null : chunks.Values.SelectMany(c => c).ToArray();

    private static ImageHeader? ReadPng(ReadOnlySpan<byte> b)
    {
        if (b.Length < 24) return null;
        int width = (int)BinaryPrimitives.ReadUInt32BigEndian(b[16..]), height = (int)BinaryPrimitives.ReadUInt32BigEndian(b[20..]);
        int orientation = 1, pos = 8;
        bool complete = false;
        byte[]? icc = null;
        while (pos + 8 <= b.Length)
        {
            long length = BinaryPrimitives.ReadUInt32BigEndian(b[pos..]);
            var type = b.Slice(pos + 4, 4);
            if (type.SequenceEqual("IEND"u8)) { complete = true; break; }
            if (pos + 12 + length > b.Length) break;
            if (type.SequenceEqual("eXIf"u8)) orientation = ExifOrientation.FromTiff(b.Slice(pos + 8, (int)length));
            if (type.SequenceEqual("iCCP"u8)) icc = InflateIccp(b.Slice(pos + 8, (int)length));
            pos += 12 + (int)length;
        }
        return new ImageHeader(ImageFormat.Png, width, height, orientation, complete) { IccProfile = icc };
    }

    // iCCP: profile name, NUL, compression method (0 = zlib), compressed profile.
    private static byte[]? InflateIccp(ReadOnlySpan<byte> chunk)
    {
        int nul = chunk.IndexOf((byte)0);
        if (nul < 0 || nul + 2 > chunk.Length || chunk[nul + 1] != 0) return null;
        try
        {
            using var input = new MemoryStream(chunk[(nul + 2)..].ToArray());
            using var zlib = new System.IO.Compression.ZLibStream(input, System.IO.Compression.CompressionMode.Decompress);
            using var output = new MemoryStream();
            zlib.CopyTo(output);
            return output.ToArray();
        }
        catch (InvalidDataException) { return null; }
    }

    private static ImageHeader? ReadWebP(ReadOnlySpan<byte> b)
    {
        long declared = BinaryPrimitives.ReadUInt32LittleEndian(b[4..]) + 8L;
        bool complete = b.Length >= declared;
        int width = 0, height = 0, orientation = 1, pos = 12;
        byte[]? icc = null;
        while (pos + 8 <= b.Length)
        {
            var fourcc = b.Slice(pos, 4);
            int size = (int)BinaryPrimitives.ReadUInt32LittleEndian(b[(pos + 4)..]);
            var data = b[(pos + 8)..];
            if (fourcc.SequenceEqual("VP8X"u8) && data.Length >= 10)
            {
                width = (data[4] | data[5] << 8 | data[6] << 16) + 1;
                height = (data[7] | data[8] << 8 | data[9] << 16) + 1;
            }
            else if (fourcc.SequenceEqual("VP8 "u8) && data.Length >= 10 && width == 0)
            {
                width = BinaryPrimitives.ReadUInt16LittleEndian(data[6..]) & 0x3FFF;
                height = BinaryPrimitives.ReadUInt16LittleEndian(data[8..]) & 0x3FFF;
            }
            else if (fourcc.SequenceEqual("VP8L"u8) && data.Length >= 5 && width == 0)
            {
                uint bits = BinaryPrimitives.ReadUInt32LittleEndian(data[1..]);
                width = (int)(bits & 0x3FFF) + 1;
                height = (int)((bits >> 14) & 0x3FFF) + 1;
            }
            else if (fourcc.SequenceEqual("ICCP"u8) && data.Length >= size)
                icc = data[..size].ToArray();
            else if (fourcc.SequenceEqual("EXIF"u8) && data.Length >= size)
            {
                var exif = data[..size];
                if (exif.Length > 6 && exif[..6].SequenceEqual("Exif\0\0"u8)) exif = exif[6..];
                orientation = ExifOrientation.FromTiff(exif);
            }
            pos += 8 + size + (size & 1);
        }
        return width > 0 ? new ImageHeader(ImageFormat.WebP, width, height, orientation, complete) { IccProfile = icc } : null;
    }

    private static ImageHeader? ReadTiff(ReadOnlySpan<byte> b)
    {
        var tags = ExifOrientation.ReadIfd0(b, [256, 257, 274]);
        if (!tags.TryGetValue(256, out int width) || !tags.TryGetValue(257, out int height)) return null;
        // Strip sizes would be needed to prove completeness; the decoder reports a short TIFF instead.
        return new ImageHeader(ImageFormat.Tiff, width, height, tags.GetValueOrDefault(274, 1), true);
    }
}
