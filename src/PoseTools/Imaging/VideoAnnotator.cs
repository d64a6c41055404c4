using OpenCvSharp;
using PoseTools.Analysis;
using PoseTools.Results;

namespace PoseTools.Imaging;

/// <summary>
/// Writes a copy of a video with the skeletons of its results drawn on. Results are given in frame order (as Get-Pose
/// streams them); frames without a result are copied unchanged, so the output keeps the source's length and timing.
/// MP4 files use the MPEG-4 Part 2 codec ("mp4v") and AVI files Motion-JPEG, the encoders OpenCV carries everywhere.
/// The file is written through an <see cref="AtomicFile"/>: it appears when <see cref="Complete"/> is called, and
/// disposing before that leaves nothing behind.
/// </summary>
public sealed class VideoAnnotator : IDisposable
{
    private readonly VideoFrameCursor _frames;
    private readonly SkeletonStyle _style;
    private readonly AtomicFile _file;
    private VideoWriter? _writer;

    /// <summary>Prepares an annotated copy of <paramref name="sourceVideo"/> at <paramref name="outputPath"/> (.mp4 or .avi).</summary>
    public VideoAnnotator(string sourceVideo, string outputPath, SkeletonStyle? style = null)
    {
        string ext = Path.GetExtension(outputPath).ToLowerInvariant();
        if (ext is not (".mp4" or ".avi")) throw new ArgumentException($"annotated videos are written as .mp4 or .avi, not '{ext}'", nameof(outputPath));
        _file = AtomicFile.Create(outputPath);
        _frames = new VideoFrameCursor(sourceVideo);
        _style = style ?? new SkeletonStyle();
    }

    /// <summary>Where the annotated video appears once completed.</summary>
    public string OutputPath => _file.Path;

    /// <summary>The source video's frame rate.</summary>
    public double FramesPerSecond => _frames.FramesPerSecond;

    /// <summary>Draws this result (and <paramref name="labels"/>, if any) on its frame and appends it, with any frames before it that had no result.</summary>
    public void Write(PoseResult result, IReadOnlyList<CoachLabel>? labels = null)
    {
        var frame = _frames.Seek(result, skipped: Append);
        SkeletonRenderer.Draw(frame, result.Poses, _style);
        if (labels is { Count: > 0 }) SkeletonRenderer.DrawLabels(frame, result.Poses, labels);
        Append(frame);
    }

    private void Append(Mat frame)
    {
        if (_writer is null)
        {
            // "mp4v" in lower case: the MP4 muxer's own tag for MPEG-4 Part 2 (upper case makes FFmpeg print a fallback warning).
            FourCC codec = Path.GetExtension(_file.Path).Equals(".avi", StringComparison.OrdinalIgnoreCase) ? FourCC.MJPG : FourCC.FromString("mp4v");
            _writer = new VideoWriter(_file.TempPath, codec, _frames.FramesPerSecond, new Size(frame.Cols, frame.Rows));
            if (!_writer.IsOpened()) throw new IOException($"OpenCV cannot write the video {_file.Path}");
        }
        _writer.Write(frame);
    }

    /// <summary>Copies the frames after the last result unchanged, finishes the file and moves it into place.</summary>
    public void Complete()
    {
        if (_writer is null) return;
        _frames.CopyRest(Append);
        _writer.Release();
        _writer.Dispose();
        _writer = null;
        _file.Commit();
    }

    /// <summary>Closes the files; an annotated video not completed is discarded.</summary>
    public void Dispose()
    {
        _writer?.Dispose();
        _file.Dispose();
        _frames.Dispose();
    }
}

/// <summary>Reads a video forward to the frame a result belongs to.</summary>
public sealed class VideoFrameCursor : IDisposable
{
    private readonly IFrameSource _source;
    private readonly IEnumerator<VideoFrame> _frames;
    private long _next;

    /// <summary>Opens a video to read it forward to the frames that results name.</summary>
    public VideoFrameCursor(string video)
    {
        _source = VideoReader.Open(video);
        _frames = _source.Frames().GetEnumerator();
    }

    /// <summary>The video's frame rate.</summary>
    public double FramesPerSecond => _source.FramesPerSecond;

    /// <summary>The frame of <paramref name="result"/> (owned by the cursor, valid until the next call); frames passed on
    /// the way are handed to <paramref name="skipped"/>.</summary>
    public Mat Seek(PoseResult result, Action<Mat>? skipped = null)
    {
        long index = result.FrameIndex ?? throw new ArgumentException("the result is not a video frame", nameof(result));
        if (index < _next) throw new InvalidOperationException($"frame {index} comes after frame {_next - 1}: results must be in frame order");
        while (true)
        {
            if (!_frames.MoveNext()) throw new InvalidOperationException($"{_source.Source} has no frame {index}");
            var frame = _frames.Current.Image;
            if (_next++ < index)
            {
                skipped?.Invoke(frame);
                continue;
            }
            if (frame.Cols != result.Width || frame.Rows != result.Height)
                throw new InvalidOperationException($"frame {index} of {_source.Source} is {frame.Cols}×{frame.Rows}, the result is for {result.Width}×{result.Height}");
            return frame;
        }
    }

    /// <summary>Hands every frame not yet read to <paramref name="frame"/>.</summary>
    public void CopyRest(Action<Mat> frame)
    {
        while (_frames.MoveNext())
        {
            _next++;
            frame(_frames.Current.Image);
        }
    }

    /// <summary>Closes the video.</summary>
    public void Dispose()
    {
        _frames.Dispose();
        _source.Dispose();
    }
}
