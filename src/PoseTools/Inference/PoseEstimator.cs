using System.Diagnostics;
using OpenCvSharp;
using PoseTools.Imaging;
using PoseTools.Models;
using PoseTools.Results;

namespace PoseTools.Inference;

/// <summary>
/// Finds human poses in images and videos: detector → region → landmarks, as MediaPipe Pose does, plus several people
/// at once. Owns its ONNX sessions (created once, reused); every method is safe to call from several threads at a
/// time (a <see cref="PoseTracker"/> it creates follows one video and is not).
/// </summary>
public sealed class PoseEstimator : IDisposable
{
    private readonly Lock _gate = new();
    // Each loaded with the first image that needs it (a failed load is tried again on the next): a photo runs on every
    // core, a decoded video's frames on all but the decoder's. A user who only tracks videos never loads the first.
    private PosePipeline? _pipeline, _besideDecoder;
    private bool _disposed;

    /// <summary>
    /// Checks the options, the native libraries and the models of the options in the model store (a missing or
    /// damaged model throws a <see cref="ModelStoreException"/> here); their ONNX sessions load with the first image.
    /// </summary>
    public PoseEstimator(PoseEstimatorOptions? options = null)
    {
        Options = options ?? new PoseEstimatorOptions();
        Options.Validate();
        NativeLibraries.EnsureLoadable();
        _ = PosePipeline.ModelPaths(Options);
    }

    /// <summary>Which sessions have loaded: those for photos (and image sequences), those beside a video's decoder.</summary>
    internal (bool Photos, bool BesideDecoder) LoadedPipelines =>
        (Volatile.Read(ref _pipeline) is not null, Options.Threads == 0 ? Volatile.Read(ref _besideDecoder) is not null : Volatile.Read(ref _pipeline) is not null);

    /// <summary>The pipeline on every core (or on <see cref="PoseEstimatorOptions.Threads"/>).</summary>
    private PosePipeline Pipeline => Volatile.Read(ref _pipeline) ?? Load(ref _pipeline, Options);

    /// <summary>
    /// Threads an inference uses while a video decodes on a thread of its own: all cores but one, which the decoder
    /// keeps. With every core in ONNX Runtime's pool, the decoder preempted one of its threads and the others waited
    /// on it: on 2 cores, tracking 1280×720 clips ran at 55–95 frames/s with two threads and at 75–116 with one
    /// (interleaved, four clips); 640×360 the same either way (114–153).
    /// </summary>
    private static int ThreadsBesideDecoder => Math.Max(1, Environment.ProcessorCount - 1);

    /// <summary>The pipeline for frames a decoder thread delivers: the estimator's own when its thread count was chosen.</summary>
    private PosePipeline BesideDecoder() =>
        Options.Threads != 0 ? Pipeline : Volatile.Read(ref _besideDecoder) ?? Load(ref _besideDecoder, Options with { Threads = ThreadsBesideDecoder });

    private PosePipeline Load(ref PosePipeline? pipeline, PoseEstimatorOptions options)
    {
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            return pipeline ??= new PosePipeline(options);
        }
    }

    /// <summary>The options this estimator was made with.</summary>
    public PoseEstimatorOptions Options { get; }

    /// <summary>
    /// Decodes and processes an image file (JPEG, PNG, BMP, WebP, TIFF). A large JPEG is decoded at a reduced scale
    /// that still gives each person the resolution the landmark model samples (see <see cref="ScaledPhoto"/>).
    /// </summary>
    public PoseResult Estimate(string path)
    {
        long t = Stopwatch.GetTimestamp();
        byte[] bytes;
        try { bytes = File.ReadAllBytes(path); }
        catch (DirectoryNotFoundException e) { throw new FileNotFoundException($"{path}: no such file", path, e); }
        return EstimateEncoded(bytes, path, t);
    }

    /// <summary>Decodes and processes encoded image bytes (a large JPEG at a reduced scale, as for files).</summary>
    public PoseResult Estimate(ReadOnlySpan<byte> encoded, string source = "bytes") => EstimateEncoded(encoded.ToArray(), source, Stopwatch.GetTimestamp());

    /// <summary>Decodes and processes encoded image bytes, which are kept (not copied) while the call runs.</summary>
    public PoseResult Estimate(byte[] encoded, string source = "bytes") => EstimateEncoded(encoded, source, Stopwatch.GetTimestamp());

    private PoseResult EstimateEncoded(byte[] encoded, string source, long started)
    {
        var timer = new StageTimer();
        using var photo = ScaledPhoto.Decode(encoded, source, Options.DecodeLimits, Options.ReducedDecoding);
        timer.Lap(StageTimer.Stage.Decode, started);
        return Pipeline.EstimatePhoto(photo, null, timer);
    }

    /// <summary>Reads a stream to its end and processes the image in it.</summary>
    public PoseResult Estimate(Stream stream, string source = "stream")
    {
        using var buffer = new MemoryStream();
        stream.CopyTo(buffer);
        return EstimateEncoded(buffer.ToArray(), source, Stopwatch.GetTimestamp());
    }

    /// <summary>Processes a decoded OpenCV image (BGR; gray, BGRA and 16-bit are converted).</summary>
    public PoseResult Estimate(Mat image, string source = "image", PoseTrace? trace = null)
    {
        ArgumentNullException.ThrowIfNull(image);
        if (image.Empty()) throw new InvalidImageException(source, InvalidImageReason.Empty, "the image is empty");
        if (Math.Min(image.Cols, image.Rows) < Options.DecodeLimits.MinSide)
            throw new InvalidImageException(source, InvalidImageReason.TooSmall, $"a {image.Cols}×{image.Rows} image is too small to find a pose in");
        if (image.Type() == MatType.CV_8UC3) return EstimateDecoded(image, source, trace, new StageTimer());
        using var bgr = ImageDecoder.ToBgr8(image, source);
        return EstimateDecoded(bgr, source, trace, new StageTimer());
    }

    /// <summary>A tracker for one video: call <see cref="PoseTracker.Process"/> with each frame in order.</summary>
    public PoseTracker CreateTracker(TrackingOptions? options = null) => new(Pipeline, options ?? new TrackingOptions());

    /// <summary>Every frame of a video file (or image sequence), tracked; results stream as frames are decoded.</summary>
    public IEnumerable<PoseResult> EstimateVideo(string path, TrackingOptions? options = null, CancellationToken cancellationToken = default)
    {
        using var source = VideoReader.Open(path);
        foreach (var result in EstimateVideo(source, options, cancellationToken)) yield return result;
    }

    /// <summary>
    /// Every frame of a frame source, tracked; results stream as frames are decoded. A video file is decoded on a
    /// thread of its own, a few frames ahead of the inference, so decoding and inference overlap.
    /// </summary>
    public IEnumerable<PoseResult> EstimateVideo(IFrameSource source, TrackingOptions? options = null, CancellationToken cancellationToken = default)
    {
        // An image sequence reports unreadable frames through its callback, which must run on the caller's thread.
        bool inline = source is ImageSequenceSource;
        var tracker = new PoseTracker(inline ? Pipeline : BesideDecoder(), options ?? new TrackingOptions());
        var frames = inline ? DecodeInline(source, cancellationToken) : DecodeAhead(source, cancellationToken);
        foreach (var (frame, decodeMs, owned) in frames)
        {
            try
            {
                var result = tracker.Process(frame.Image, frame.File ?? source.Source, frame.Index, frame.Timestamp);
                yield return result with { Timings = result.Timings with { Decode = decodeMs } };
            }
            finally
            {
                if (owned) frame.Image.Dispose();
            }
        }
    }

    private static IEnumerable<(VideoFrame Frame, double DecodeMs, bool Owned)> DecodeInline(IFrameSource source, CancellationToken cancellationToken)
    {
        long t = Stopwatch.GetTimestamp();
        foreach (var frame in source.Frames(cancellationToken))
        {
            yield return (frame, Stopwatch.GetElapsedTime(t).TotalMilliseconds, false);
            t = Stopwatch.GetTimestamp();
        }
    }

    /// <summary>Frames decoded by a producer thread into a small bounded queue (copies: the source reuses its image).</summary>
    private static IEnumerable<(VideoFrame Frame, double DecodeMs, bool Owned)> DecodeAhead(IFrameSource source, CancellationToken cancellationToken)
    {
        const int Ahead = 4;
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        using var queue = new System.Collections.Concurrent.BlockingCollection<(VideoFrame, double, bool)>(Ahead);
        var producer = Task.Run(() =>
        {
            try
            {
                long t = Stopwatch.GetTimestamp();
                foreach (var frame in source.Frames(stop.Token))
                {
                    var copy = frame with { Image = frame.Image.Clone() };
                    double ms = Stopwatch.GetElapsedTime(t).TotalMilliseconds;
                    try { queue.Add((copy, ms, true), stop.Token); }
                    catch (OperationCanceledException) { copy.Image.Dispose(); break; }
                    t = Stopwatch.GetTimestamp();
                }
            }
            finally { queue.CompleteAdding(); }
        });
        try
        {
            foreach (var item in queue.GetConsumingEnumerable()) yield return item; // ends when the producer stops (also on cancellation)
            producer.GetAwaiter().GetResult(); // a decoding error surfaces here, after the frames before it
        }
        finally
        {
            // The consumer stopped early (Select-Object -First, Ctrl+C, an error): stop decoding, free what is queued.
            stop.Cancel();
            try { producer.Wait(); } catch (AggregateException) { }
            while (queue.TryTake(out var left)) left.Item1.Image.Dispose();
        }
    }

    private PoseResult EstimateDecoded(Mat bgr, string source, PoseTrace? trace, StageTimer timer) => Pipeline.EstimatePhoto(bgr, source, trace, timer);

    /// <summary>Releases the ONNX sessions.</summary>
    public void Dispose()
    {
        lock (_gate)
        {
            _disposed = true;
            _besideDecoder?.Dispose();
            _pipeline?.Dispose();
        }
    }
}
