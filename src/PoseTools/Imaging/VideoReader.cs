using System.Diagnostics;
using System.Globalization;
using OpenCvSharp;

namespace PoseTools.Imaging;

/// <summary>
/// One decoded frame. The image belongs to the source and is reused for the next frame: copy it to keep it.
/// <see cref="File"/> is the frame's own file in an image sequence (null for a video).
/// </summary>
public sealed record VideoFrame(Mat Image, long Index, TimeSpan Timestamp, string? File = null);

/// <summary>A stream of frames: a video file or a sequence of images.</summary>
public interface IFrameSource : IDisposable
{
    /// <summary>The file (or description) the frames come from.</summary>
    string Source { get; }
    /// <summary>The frame rate, for timestamps.</summary>
    double FramesPerSecond { get; }
    /// <summary>The number of frames if the container says (it may be approximate), else null.</summary>
    long? FrameCount { get; }
    /// <summary>Frames decoded so far; after <see cref="Frames"/> has run to its end, all the stream gave.</summary>
    long FramesDecoded { get; }
    /// <summary>What the decoder said about damage it met while decoding (first line), or null.</summary>
    string? DecoderWarning { get; }
    /// <summary>Which decoder reads it: "OpenCV (FFMPEG)", "ffmpeg process" or "images".</summary>
    string Backend { get; }
    /// <summary>The frames' size as the container declares it, before any is decoded (so that limits can refuse it first); null when unknown.</summary>
    (int Width, int Height)? FrameSize { get; }
    /// <summary>The frames in order; each frame's image is reused for the next.</summary>
    IEnumerable<VideoFrame> Frames(CancellationToken cancellationToken = default);
}

/// <summary>
/// A video file or frame sequence that cannot be read. The message is one sentence; what the decoders printed (which
/// names their internals, e.g. "[mov,mp4 @ 0x55…] moov atom not found") is kept in <see cref="DecoderOutput"/>.
/// </summary>
public sealed class InvalidVideoException(string source, string detail, string? decoderOutput = null, Exception? inner = null)
    : Exception($"{source}: {detail}", inner)
{
    /// <summary>The video that could not be read.</summary>
    public string VideoSource { get; } = source;
    /// <summary>What the decoders printed, for diagnosis; null when they said nothing.</summary>
    public string? DecoderOutput { get; } = string.IsNullOrWhiteSpace(decoderOutput) ? null : decoderOutput.Trim();
}

/// <summary>
/// OpenCV and its FFmpeg print their own messages straight to the process's stderr, outside any PowerShell stream.
/// PoseTools reports what went wrong itself (errors, "ended early" warnings), so those messages are silenced — unless
/// the user asked for them with OPENCV_LOG_LEVEL or OPENCV_FFMPEG_LOGLEVEL.
/// </summary>
internal static partial class DecoderLogs
{
    private static int _silenced;

    public static void Silence()
    {
        if (Interlocked.Exchange(ref _silenced, 1) == 1) return;
        if (Environment.GetEnvironmentVariable("OPENCV_LOG_LEVEL") is null) Cv2.SetLogLevel(LogLevel.SILENT);
        // OpenCV's FFmpeg backend reads this from the native environment when it first opens a video; .NET's
        // SetEnvironmentVariable does not reach the native one on Unix.
        if (!OperatingSystem.IsWindows() && Environment.GetEnvironmentVariable("OPENCV_FFMPEG_LOGLEVEL") is null
            && Environment.GetEnvironmentVariable("OPENCV_FFMPEG_DEBUG") is null)
            SetNativeEnvironment("OPENCV_FFMPEG_LOGLEVEL", "-8", 0); // AV_LOG_QUIET
    }

    [System.Runtime.InteropServices.LibraryImport("libc", EntryPoint = "setenv", StringMarshalling = System.Runtime.InteropServices.StringMarshalling.Utf8)]
    private static partial int SetNativeEnvironment(string name, string value, int overwrite);
}

/// <summary>Which decoder to use for a video file.</summary>
public enum VideoBackend
{
    /// <summary>OpenCV, and an ffmpeg process when OpenCV cannot read the file.</summary>
    Automatic,
    /// <summary>OpenCV's VideoCapture only.</summary>
    OpenCv,
    /// <summary>An ffmpeg process only.</summary>
    Ffmpeg,
}

/// <summary>
/// Opens videos: OpenCV's VideoCapture first (its bundled FFmpeg reads MP4/H.264, AVI/MJPG, WebM …); if it cannot
/// open or decode the file and Debian's <c>ffmpeg</c> is on the PATH, an <c>ffmpeg</c> process decodes it instead.
/// </summary>
public static class VideoReader
{
    private static readonly HashSet<string> VideoExtensions = new(StringComparer.OrdinalIgnoreCase)
    {
        ".mp4", ".m4v", ".mov", ".avi", ".mkv", ".webm", ".mpg", ".mpeg", ".wmv", ".flv", ".3gp", ".ts", ".mts", ".ogv",
    };

    /// <summary>True for files that are videos by their extension or their leading bytes (see <see cref="SniffContainer"/>).</summary>
    public static bool IsVideo(string path)
    {
        if (VideoExtensions.Contains(Path.GetExtension(path))) return true;
        try
        {
            Span<byte> head = stackalloc byte[12];
            using var stream = File.OpenRead(path);
            return SniffContainer(head[..stream.Read(head)]) is not null;
        }
        catch (IOException) { return false; }
        catch (UnauthorizedAccessException) { return false; }
    }

    /// <summary>The container a file's first 12 bytes announce, as an extension (".mp4" for MP4 and MOV, ".avi", ".mkv" for Matroska and WebM), or null.</summary>
    public static string? SniffContainer(ReadOnlySpan<byte> head)
    {
        if (head.Length < 12) return null;
        if (head[4..8].SequenceEqual("ftyp"u8)) return ".mp4";                                                  // ISO media
        if (head[..4].SequenceEqual("RIFF"u8) && head[8..12].SequenceEqual("AVI "u8)) return ".avi";
        if (head[0] == 0x1A && head[1] == 0x45 && head[2] == 0xDF && head[3] == 0xA3) return ".mkv";           // EBML
        return null;
    }

    /// <summary>Opens a video file with the chosen decoder (by default OpenCV, then an ffmpeg process).</summary>
    public static IFrameSource Open(string path, VideoBackend backend = VideoBackend.Automatic)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"{path}: no such file", path);
        DecoderLogs.Silence();
        if (backend != VideoBackend.Ffmpeg)
        {
            var capture = new VideoCapture(path);
            if (capture.IsOpened() && capture.FrameWidth > 0) return new OpenCvFrameSource(path, capture);
            capture.Dispose();
            if (backend == VideoBackend.OpenCv) throw new InvalidVideoException(path, "OpenCV cannot open this video.");
        }
        if (!FfmpegFrameSource.IsAvailable)
            throw new InvalidVideoException(path, "OpenCV cannot decode this video, and no ffmpeg program is on the PATH to try (install Debian's 'ffmpeg' package).");
        return FfmpegFrameSource.Open(path);
    }

    /// <summary>
    /// A sequence of image files as frames (ordered as given), at the given frame rate. A file that cannot be decoded
    /// throws, unless <paramref name="badFrame"/> is given: then it is reported there and skipped (its index and time
    /// stay unused, so the other frames keep their timing).
    /// </summary>
    public static IFrameSource Sequence(string source, IReadOnlyList<string> files, double framesPerSecond = 30, Action<string, Exception>? badFrame = null) =>
        new ImageSequenceSource(source, files, framesPerSecond, badFrame);

    /// <summary>Whether ffmpeg and ffprobe are on the PATH, for videos OpenCV cannot decode.</summary>
    public static bool FfmpegAvailable => FfmpegFrameSource.IsAvailable;

    internal static TimeSpan At(long index, double fps) => TimeSpan.FromTicks((long)Math.Round(index * TimeSpan.TicksPerSecond / fps));
}

internal sealed class OpenCvFrameSource(string path, VideoCapture capture) : IFrameSource
{
    public string Source => path;
    public double FramesPerSecond { get; } = capture.Fps > 0 ? capture.Fps : 30;
    public long? FrameCount { get; } = capture.FrameCount > 0 ? capture.FrameCount : null;
    public string Backend => $"OpenCV ({capture.GetBackendName()})";
    public (int Width, int Height)? FrameSize => capture.FrameWidth > 0 && capture.FrameHeight > 0 ? (capture.FrameWidth, capture.FrameHeight) : null;
    public long FramesDecoded { get; private set; }
    public string? DecoderWarning => null;

    public IEnumerable<VideoFrame> Frames(CancellationToken cancellationToken = default)
    {
        using var frame = new Mat();
        long index = 0;
        while (!cancellationToken.IsCancellationRequested && capture.Read(frame) && !frame.Empty())
        {
            if (frame.Type() != MatType.CV_8UC3)
            {
                using var converted = ImageDecoder.ToBgr8(frame, path);
                converted.CopyTo(frame);
            }
            yield return new VideoFrame(frame, index, VideoReader.At(index, FramesPerSecond));
            FramesDecoded = ++index;
        }
        if (index == 0 && !cancellationToken.IsCancellationRequested)
            throw new InvalidVideoException(path, "OpenCV opened the video but could decode no frame of it.");
    }

    public void Dispose() => capture.Dispose();
}

/// <summary>Decodes with an ffmpeg process writing raw BGR frames to a pipe; ffprobe gives size and rate.</summary>
internal sealed class FfmpegFrameSource : IFrameSource
{
    private readonly int _width, _height;

    private FfmpegFrameSource(string path, int width, int height, double fps, long? count)
    {
        Source = path;
        _width = width;
        _height = height;
        FramesPerSecond = fps;
        FrameCount = count;
    }

    public string Source { get; }
    public double FramesPerSecond { get; }
    public long? FrameCount { get; }
    public string Backend => "ffmpeg process";
    public (int Width, int Height)? FrameSize => (_width, _height);
    public long FramesDecoded { get; private set; }
    public string? DecoderWarning { get; private set; }

    public static bool IsAvailable => Which("ffmpeg") is not null && Which("ffprobe") is not null;

    private static string? Which(string program) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator)
            .Select(dir => Path.Combine(dir, OperatingSystem.IsWindows() ? program + ".exe" : program)).FirstOrDefault(File.Exists);

    public static FfmpegFrameSource Open(string path)
    {
        string probe = Run("ffprobe", ["-v", "error", "-select_streams", "v:0", "-show_entries", "stream=width,height,avg_frame_rate,nb_frames:stream_side_data=rotation:stream_tags=rotate", "-of", "default=noprint_wrappers=1", path]);
        var values = probe.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.Split('=', 2)).Where(p => p.Length == 2).ToDictionary(p => p[0].Trim(), p => p[1].Trim());
        if (!values.TryGetValue("width", out var w) || !int.TryParse(w, out int width) || !int.TryParse(values.GetValueOrDefault("height"), out int height))
            throw new InvalidVideoException(path, "ffprobe finds no video stream in this file.");
        // ffmpeg turns frames upright by the stream's rotation (phone videos), so a quarter turn swaps the sides.
        string? rotation = values.GetValueOrDefault("rotation") ?? values.GetValueOrDefault("TAG:rotate");
        if (double.TryParse(rotation, CultureInfo.InvariantCulture, out double degrees) && Math.Abs(Math.Round(degrees / 90)) % 2 == 1)
            (width, height) = (height, width);
        double fps = 30;
        if (values.TryGetValue("avg_frame_rate", out var rate) && rate.Split('/') is [var num, var den]
            && double.TryParse(num, CultureInfo.InvariantCulture, out double n) && double.TryParse(den, CultureInfo.InvariantCulture, out double d) && n > 0 && d > 0)
            fps = n / d;
        long? count = long.TryParse(values.GetValueOrDefault("nb_frames"), out long c) && c > 0 ? c : null;
        return new FfmpegFrameSource(path, width, height, fps, count);
    }

    private static string Run(string program, string[] arguments)
    {
        var psi = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in arguments) psi.ArgumentList.Add(a);
        using var p = Process.Start(psi)!;
        string output = p.StandardOutput.ReadToEnd();
        string error = p.StandardError.ReadToEnd();
        p.WaitForExit();
        if (p.ExitCode != 0) throw new InvalidVideoException(arguments[^1], "neither OpenCV nor ffmpeg can read this file as a video; it is damaged or not a video.", error);
        return output;
    }

    public IEnumerable<VideoFrame> Frames(CancellationToken cancellationToken = default)
    {
        var psi = new ProcessStartInfo("ffmpeg") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in new[] { "-v", "error", "-nostdin", "-i", Source, "-f", "rawvideo", "-pix_fmt", "bgr24", "-" }) psi.ArgumentList.Add(a);
        using var process = Process.Start(psi)!;
        var errors = process.StandardError.ReadToEndAsync(cancellationToken);
        using var frame = new Mat(_height, _width, MatType.CV_8UC3);
        var buffer = new byte[_width * _height * 3];
        var stdout = process.StandardOutput.BaseStream;
        long index = 0;
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                int read = 0;
                while (read < buffer.Length)
                {
                    int n = stdout.Read(buffer, read, buffer.Length - read);
                    if (n == 0) break;
                    read += n;
                }
                if (read < buffer.Length) break;
                System.Runtime.InteropServices.Marshal.Copy(buffer, 0, frame.Data, buffer.Length);
                yield return new VideoFrame(frame, index, VideoReader.At(index, FramesPerSecond));
                FramesDecoded = ++index;
            }
        }
        finally
        {
            if (!process.HasExited) process.Kill(entireProcessTree: true);
        }
        process.WaitForExit();
        string said = errors.IsCompletedSuccessfully ? errors.Result : "";
        if (index == 0 && !cancellationToken.IsCancellationRequested)
            throw new InvalidVideoException(Source, "ffmpeg could decode no frame of this video.", said);
        DecoderWarning = FirstLine(said);
    }

    /// <summary>The decoder's first message without its "[h264 @ 0x55…]" prefix.</summary>
    private static string? FirstLine(string text)
    {
        var line = text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault();
        return line is null ? null : System.Text.RegularExpressions.Regex.Replace(line, @"^\[[^\]]*\]\s*", "");
    }

    public void Dispose() { }
}

internal sealed class ImageSequenceSource(string source, IReadOnlyList<string> files, double fps, Action<string, Exception>? badFrame) : IFrameSource
{
    public string Source => source;
    public double FramesPerSecond => fps;
    public long? FrameCount => files.Count;
    public string Backend => "images";
    public (int Width, int Height)? FrameSize => null;
    public long FramesDecoded { get; private set; }
    public string? DecoderWarning => null;

    public IEnumerable<VideoFrame> Frames(CancellationToken cancellationToken = default)
    {
        for (int i = 0; i < files.Count && !cancellationToken.IsCancellationRequested; i++)
        {
            Mat image;
            try { image = ImageDecoder.DecodeFile(files[i]); }
            catch (Exception e) when (badFrame is not null && e is InvalidImageException or IOException or UnauthorizedAccessException)
            {
                badFrame(files[i], e);
                continue;
            }
            using (image) yield return new VideoFrame(image, i, VideoReader.At(i, fps), files[i]);
            FramesDecoded++;
        }
    }

    public void Dispose() { }
}
