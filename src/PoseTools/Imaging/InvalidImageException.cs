namespace PoseTools.Imaging;

/// <summary>Why an input could not be used as an image.</summary>
public enum InvalidImageReason
{
    /// <summary>The file or buffer holds no bytes.</summary>
    Empty,
    /// <summary>The bytes are not JPEG, PNG, BMP, WebP, TIFF or GIF (e.g. text renamed .jpg).</summary>
    UnknownFormat,
    /// <summary>The file ends before the image data does.</summary>
    Truncated,
    /// <summary>The format is known but the decoder could not read it.</summary>
    Corrupt,
    /// <summary>The header declares more pixels than allowed (decompression bomb); refused before decoding.</summary>
    TooLarge,
    /// <summary>Smaller than the smallest image a person can be found in.</summary>
    TooSmall,
    /// <summary>A pixel format PoseTools cannot convert (e.g. a 64-bit float TIFF).</summary>
    UnsupportedPixelFormat,
}

/// <summary>An input that is not a usable image. <see cref="ImageSource"/> names the file (or "bytes"/"stream").</summary>
public sealed class InvalidImageException(string source, InvalidImageReason reason, string detail)
    : Exception($"{source}: {detail}")
{
    /// <summary>The file path, or a description such as "bytes", of the rejected input.</summary>
    public string ImageSource { get; } = source;
    /// <summary>Why the image was refused.</summary>
    public InvalidImageReason Reason { get; } = reason;
}
