using OpenCvSharp;

namespace PoseTools.Imaging;

/// <summary>
/// A photo decoded no larger than the pipeline needs. Phones take 12–48 MP JPEGs, and a full decode of one costs more
/// than all inference together. A large JPEG is first decoded at 1/2, 1/4 or 1/8 of its size with libjpeg's DCT
/// scaling (ample for the detector, which sees 224×224), and again finer only when a person's region would get
/// fewer pixels than the landmark model samples from it (256 across). Scales divide the width and height exactly,
/// so normalised coordinates mean the same at every scale. Smaller photos and other formats decode in full, exactly
/// as before; results always report the full size.
/// </summary>
public sealed class ScaledPhoto : IDisposable
{
    /// <summary>Photos whose longer side is at most this decode in full (every photo the fidelity references cover).</summary>
    public const int FullDecodeMaxSide = 2048;

    /// <summary>
    /// The first, reduced decode keeps at least this many pixels on the longer side. Entropy decoding dominates, so 1/4
    /// costs little more than 1/8 (10 vs 8 ms at 12 MP); at about 1000 pixels, a person who spans a quarter of the
    /// frame already has the landmark model's 256, and a second, finer decode is rarely needed.
    /// </summary>
    public const int FirstDecodeMinSide = 1000;

    /// <summary>The landmark model's input side: a region should keep at least this many pixels across.</summary>
    public const int LandmarkInputSide = 256;

    private static readonly int[] JpegScales = [8, 4, 2];
    private readonly byte[]? _encoded;
    private readonly ImageHeader? _header;
    private readonly bool _borrowed;

    private ScaledPhoto(Mat pixels, int scale, int width, int height, string source, byte[]? encoded, ImageHeader? header, bool borrowed = false)
    {
        _borrowed = borrowed;
        Pixels = pixels;
        Scale = scale;
        Width = width;
        Height = height;
        Source = source;
        _encoded = encoded;
        _header = header;
    }

    /// <summary>The photo's displayed width in full-size pixels (after EXIF orientation).</summary>
    public int Width { get; }

    /// <summary>The photo's displayed height in full-size pixels.</summary>
    public int Height { get; }

    /// <summary>Names the photo in errors.</summary>
    public string Source { get; }

    /// <summary>The decoded pixels: 8-bit BGR at 1/<see cref="Scale"/> of the full size.</summary>
    public Mat Pixels { get; private set; }

    /// <summary>1 for a full decode; 2, 4 or 8 for a reduced one.</summary>
    public int Scale { get; private set; }

    /// <summary>Decodes encoded bytes, reduced when the photo is a large JPEG and <paramref name="allowReduced"/>.</summary>
    public static ScaledPhoto Decode(byte[] encoded, string source, ImageDecodeLimits? limits = null, bool allowReduced = true)
    {
        var header = ImageDecoder.ReadHeader(encoded, source, limits);
        var (width, height) = header.DisplaySize;
        int scale = allowReduced ? FirstScale(header) : 1;
        var pixels = ImageDecoder.Decode(encoded, header, source, scale);
        return scale == 1
            ? new ScaledPhoto(pixels, 1, width, height, source, null, null)
            : new ScaledPhoto(pixels, scale, width, height, source, encoded, header);
    }

    /// <summary>An already decoded image (8-bit BGR), at full size; the caller keeps ownership of <paramref name="bgr"/>.</summary>
    public static ScaledPhoto FromDecoded(Mat bgr, string source) => new(bgr, 1, bgr.Cols, bgr.Rows, source, null, null, borrowed: true);

    /// <summary>
    /// Pixels in which a region <paramref name="regionSide"/> full-size pixels across keeps at least
    /// <see cref="LandmarkInputSide"/> pixels: the current decode, or a finer one that replaces it.
    /// </summary>
    public Mat PixelsFor(float regionSide)
    {
        if (_encoded is null || regionSide / Scale >= LandmarkInputSide) return Pixels;
        int scale = JpegScales.Where(s => s < Scale && Divides(s, _header!) && regionSide / s >= LandmarkInputSide).DefaultIfEmpty(1).Max();
        var finer = ImageDecoder.Decode(_encoded, _header!, Source, scale);
        Pixels.Dispose();
        Pixels = finer;
        Scale = scale;
        return Pixels;
    }

    // The coarsest exact scale that leaves the detector a well-sampled image; 1 (full decode) for all but large JPEGs.
    private static int FirstScale(ImageHeader header)
    {
        int longSide = Math.Max(header.Width, header.Height);
        if (header.Format != ImageFormat.Jpeg || longSide <= FullDecodeMaxSide) return 1;
        return JpegScales.FirstOrDefault(s => Divides(s, header) && longSide / s >= FirstDecodeMinSide, 1);
    }

    private static bool Divides(int scale, ImageHeader header) => header.Width % scale == 0 && header.Height % scale == 0;

    /// <summary>Frees the decoded pixels (not those of <see cref="FromDecoded"/>, which belong to the caller).</summary>
    public void Dispose()
    {
        if (!_borrowed) Pixels.Dispose();
    }
}
