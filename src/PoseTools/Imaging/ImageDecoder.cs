using OpenCvSharp;

namespace PoseTools.Imaging;

/// <summary>Limits applied before and after decoding.</summary>
public sealed record ImageDecodeLimits
{
    /// <summary>Refuse images whose header declares more pixels than this (100 MP by default: a 20000×20000 bomb is 400 MP).</summary>
    public long MaxPixels { get; init; } = 100_000_000;

    /// <summary>Refuse images with a side shorter than this; nothing as small can show a person's pose.</summary>
    public int MinSide { get; init; } = 16;

    /// <summary>The default limits: 100 MP at most, 16 pixels a side at least.</summary>
    public static ImageDecodeLimits Default { get; } = new();
}

/// <summary>
/// Turns encoded bytes into an 8-bit BGR image as it is meant to be seen: EXIF orientation applied, an embedded
/// RGB colour profile converted to sRGB, grayscale expanded, alpha composited over black, 16-bit and float samples
/// scaled (not truncated) to 8 bits.
/// Every failure is an <see cref="InvalidImageException"/> naming the source.
/// </summary>
public static class ImageDecoder
{
    static ImageDecoder() => NativeHeap.KeepLargeBuffers();

    /// <summary>Decodes an image file as a browser shows it: EXIF orientation applied, ICC profile converted to sRGB, 8-bit BGR.</summary>
    public static Mat DecodeFile(string path, ImageDecodeLimits? limits = null)
    {
        byte[] bytes;
        try { bytes = File.ReadAllBytes(path); }
        catch (DirectoryNotFoundException e) { throw new FileNotFoundException($"{path}: no such file", path, e); }
        return Decode(bytes, path, limits);
    }

    /// <summary>Decodes image bytes as a browser shows them (see <see cref="DecodeFile"/>); <paramref name="source"/> names them in errors.</summary>
    public static Mat Decode(ReadOnlySpan<byte> bytes, string source, ImageDecodeLimits? limits = null)
    {
        var header = ReadHeader(bytes, source, limits);
        return Decode(bytes, header, source, 1);
    }

    /// <summary>
    /// Decodes a JPEG at 1/<paramref name="scale"/> of its size (2, 4 or 8) with libjpeg's DCT scaling, which skips
    /// most of the work of a full decode; other formats and scale 1 decode in full. Orientation and colour profile
    /// are applied as by <see cref="Decode(ReadOnlySpan{byte}, string, ImageDecodeLimits?)"/>.
    /// </summary>
    public static Mat Decode(ReadOnlySpan<byte> bytes, ImageHeader header, string source, int scale)
    {
        var mode = header.Format != ImageFormat.Jpeg ? ImreadModes.Unchanged : scale switch
        {
            1 => ImreadModes.Unchanged,
            2 => ImreadModes.ReducedColor2,
            4 => ImreadModes.ReducedColor4,
            8 => ImreadModes.ReducedColor8,
            _ => throw new ArgumentOutOfRangeException(nameof(scale), scale, "JPEG decoding scales are 1, 2, 4 and 8"),
        };
        Mat raw;
        try
        {
            raw = Cv2.ImDecode(bytes, mode | ImreadModes.IgnoreOrientation);
        }
        catch (OpenCVException e)
        {
            throw new InvalidImageException(source, InvalidImageReason.Corrupt, $"the {header.Format} decoder failed: {e.Message}");
        }
        if (raw is null || raw.Empty())
        {
            raw?.Dispose();
            throw new InvalidImageException(source, header.IsComplete ? InvalidImageReason.Corrupt : InvalidImageReason.Truncated,
                header.IsComplete ? $"the {header.Format} data could not be decoded" : $"the {header.Format} file is truncated");
        }
        // The usual case (8-bit colour) keeps the decoder's buffer: copying a 12 MP image costs more than decoding it.
        Mat bgr;
        if (raw.Type() == MatType.CV_8UC3) bgr = raw;
        else
            using (raw) bgr = ToBgr8(raw, source);
        try
        {
            if (header.IccProfile is { } icc && IccProfile.TryParse(icc) is { } profile && !ColorManagement.IsSrgb(profile))
                ColorManagement.ToSrgb(bgr, profile);
            var oriented = ExifOrientation.Apply(bgr, header.Orientation);
            if (!ReferenceEquals(oriented, bgr)) bgr.Dispose();
            return oriented;
        }
        catch
        {
            bgr.Dispose();
            throw;
        }
    }

    /// <summary>Sniffs and checks the header: format, completeness and size limits — nothing is decoded yet.</summary>
    public static ImageHeader ReadHeader(ReadOnlySpan<byte> bytes, string source, ImageDecodeLimits? limits = null)
    {
        limits ??= ImageDecodeLimits.Default;
        if (bytes.IsEmpty) throw new InvalidImageException(source, InvalidImageReason.Empty, "the file is empty (0 bytes)");
        var format = ImageHeader.SniffFormat(bytes);
        if (format == ImageFormat.Unknown)
            throw new InvalidImageException(source, InvalidImageReason.UnknownFormat,
                $"not an image: the content is not {ImageFormats.ReadableNames} (whatever the file name says)");
        var header = ImageHeader.TryRead(bytes)
            ?? throw new InvalidImageException(source, InvalidImageReason.Truncated, $"the {format} header is incomplete");
        if (header.Width <= 0 || header.Height <= 0)
            throw new InvalidImageException(source, InvalidImageReason.Corrupt, $"the {format} header declares a {header.Width}×{header.Height} image");
        if ((long)header.Width * header.Height > limits.MaxPixels)
            throw new InvalidImageException(source, InvalidImageReason.TooLarge,
                $"the {format} header declares {header.Width}×{header.Height} = {(long)header.Width * header.Height / 1e6:F0} megapixels, over the limit of {limits.MaxPixels / 1e6:F0}; refused before decoding");
        if (Math.Min(header.Width, header.Height) < limits.MinSide)
            throw new InvalidImageException(source, InvalidImageReason.TooSmall,
                $"a {header.Width}×{header.Height} image is too small to find a pose in (each side needs at least {limits.MinSide} pixels)");
        if (!header.IsComplete)
            throw new InvalidImageException(source, InvalidImageReason.Truncated, $"the {format} file is truncated (its data ends early)");
        return header;
    }

    /// <summary>Any decoded layout → 8-bit, 3-channel BGR (a new Mat).</summary>
    public static Mat ToBgr8(Mat raw, string source)
    {
        using var eightBit = new Mat();
        switch (raw.Depth())
        {
            case MatType.CV_8U: raw.CopyTo(eightBit); break;
            case MatType.CV_16U: raw.ConvertTo(eightBit, MatType.CV_8U, 255.0 / 65535.0); break;
            case MatType.CV_32F: raw.ConvertTo(eightBit, MatType.CV_8U, 255.0); break;
            default:
                throw new InvalidImageException(source, InvalidImageReason.UnsupportedPixelFormat, $"samples of OpenCV depth {raw.Depth()} are not supported");
        }
        var bgr = new Mat();
        switch (eightBit.Channels())
        {
            case 1: Cv2.CvtColor(eightBit, bgr, ColorConversionCodes.GRAY2BGR); break;
            case 3: eightBit.CopyTo(bgr); break;
            case 4: CompositeOverBlack(eightBit, bgr); break;
            default:
                bgr.Dispose();
                throw new InvalidImageException(source, InvalidImageReason.UnsupportedPixelFormat, $"{eightBit.Channels()}-channel images are not supported");
        }
        return bgr;
    }

    // Transparent pixels carry arbitrary colour; weighting by alpha shows what a viewer shows on a dark canvas.
    private static void CompositeOverBlack(Mat bgra, Mat bgr)
    {
        using var alpha = new Mat();
        Cv2.ExtractChannel(bgra, alpha, 3);
        using var color = new Mat();
        Cv2.CvtColor(bgra, color, ColorConversionCodes.BGRA2BGR);
        using var alpha3 = new Mat();
        Cv2.CvtColor(alpha, alpha3, ColorConversionCodes.GRAY2BGR);
        Cv2.Multiply(color, alpha3, bgr, 1.0 / 255.0);
    }
}
