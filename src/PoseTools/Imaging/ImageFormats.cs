namespace PoseTools.Imaging;

/// <summary>One image format: what PoseTools reads and writes of it, the file extensions that name it, its media type.</summary>
public sealed record ImageFormatInfo(ImageFormat Format, string Name, bool CanRead, bool CanWrite, IReadOnlyList<string> Extensions, string MediaType);

/// <summary>
/// The one table of image formats: every skin (Get-Pose's folder scan, Export-PoseSkeleton's extensions, the upload
/// page's messages) asks it, so their lists never disagree. Reading is judged by content (<see cref="ImageHeader"/>);
/// extensions only pick the files of a folder and the format an overlay is written in.
/// </summary>
public static class ImageFormats
{
    /// <summary>Every format, in the order messages list them.</summary>
    public static IReadOnlyList<ImageFormatInfo> All { get; } =
    [
        new(ImageFormat.Jpeg, "JPEG", true, true, [".jpg", ".jpeg"], "image/jpeg"),
        new(ImageFormat.Png, "PNG", true, true, [".png"], "image/png"),
        new(ImageFormat.Bmp, "BMP", true, true, [".bmp"], "image/bmp"),
        new(ImageFormat.WebP, "WebP", true, true, [".webp"], "image/webp"),
        new(ImageFormat.Tiff, "TIFF", true, true, [".tif", ".tiff"], "image/tiff"),
        new(ImageFormat.Gif, "GIF", true, false, [".gif"], "image/gif"),
    ];

    /// <summary>Extensions of the files read as images (a folder's frames, wildcards).</summary>
    public static IReadOnlyList<string> ReadableExtensions { get; } = All.Where(f => f.CanRead).SelectMany(f => f.Extensions).ToList();

    /// <summary>Extensions an overlay can be written as.</summary>
    public static IReadOnlyList<string> WritableExtensions { get; } = All.Where(f => f.CanWrite).SelectMany(f => f.Extensions).ToList();

    /// <summary>"JPEG, PNG, BMP, WebP, TIFF or GIF", for messages.</summary>
    public static string ReadableNames => Join(All.Where(f => f.CanRead).Select(f => f.Name));

    /// <summary>".png, .jpg, …", for messages.</summary>
    public static string WritableExtensionList => Join(WritableExtensions);

    /// <summary>Whether a file name's extension is one of an image PoseTools reads.</summary>
    public static bool IsImageFileName(string path) => ReadableExtensions.Contains(Path.GetExtension(path), StringComparer.OrdinalIgnoreCase);

    /// <summary>The format an overlay is written in for this file name, or null when PoseTools writes no such format.</summary>
    public static ImageFormatInfo? ForOutput(string path) =>
        All.FirstOrDefault(f => f.CanWrite && f.Extensions.Contains(Path.GetExtension(path), StringComparer.OrdinalIgnoreCase));

    /// <summary>
    /// The format of an overlay drawn on an image in <paramref name="source"/> when nobody chose one: a JPEG photo's
    /// (and a video's frames, lossy as a JPEG is) as JPEG, quality 95; any other image's as lossless PNG. A 0.6 MP
    /// overlay took 14–16 ms to encode as PNG here against 2 ms as JPEG (10 MP: 310 against 35 ms), and held
    /// Get-Pose | Export-PoseSkeleton to 41–49 photos/s against 65–80.
    /// </summary>
    public static ImageFormatInfo ForOverlayOf(ImageFormat source) =>
        All.First(f => f.Format == (source == ImageFormat.Jpeg ? ImageFormat.Jpeg : ImageFormat.Png));

    private static string Join(IEnumerable<string> items)
    {
        var list = items.ToList();
        return list.Count <= 1 ? string.Concat(list) : string.Join(", ", list[..^1]) + " or " + list[^1];
    }
}

/// <summary>What a path given to Get-Pose (or the library) is.</summary>
public enum InputKind
{
    /// <summary>A photo: one result.</summary>
    Image,
    /// <summary>A video file: one result per frame, tracked.</summary>
    Video,
    /// <summary>A folder: its images, in name order, are the frames of one video.</summary>
    ImageSequence,
}

/// <summary>Sorts inputs into photos, videos and folders of frames, by file type and content.</summary>
public static class InputClassifier
{
    /// <summary>The kind of input <paramref name="path"/> is (a folder is an image sequence; a video is known by extension or content).</summary>
    public static InputKind Classify(string path) =>
        Directory.Exists(path) ? InputKind.ImageSequence : VideoReader.IsVideo(path) ? InputKind.Video : InputKind.Image;

    /// <summary>The image files of a folder, in name order: the frames of an image sequence.</summary>
    public static IReadOnlyList<string> FramesIn(string folder) =>
        Directory.EnumerateFiles(folder).Where(ImageFormats.IsImageFileName).Order(StringComparer.Ordinal).ToList();
}
