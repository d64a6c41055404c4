using System.Diagnostics;
using OpenCvSharp;
using PoseTools.Imaging;
using PoseTools.Models;
using PoseTools.Results;

namespace PoseTools.Inference;

/// <summary>
/// Finds human poses in images: detector → region → landmarks, as MediaPipe Pose does, plus several people at once.
/// Owns its ONNX sessions (created once, reused); every method is safe to call from several threads at a time.
/// </summary>
public sealed class PoseEstimator : IDisposable
{
    private readonly PoseDetector _detector;
    private readonly PoseLandmarker _landmarker;

    public PoseEstimator(PoseEstimatorOptions? options = null)
    {
        Options = options ?? new PoseEstimatorOptions();
        Options.Validate();
        var store = new ModelStore(Options.ModelDirectory);
        string detectorPath = store.GetModelPath(PoseModel.Detector);
        string landmarkPath = store.GetModelPath(Options.ModelComplexity.LandmarkModel());
        _detector = new PoseDetector(detectorPath, Options.Threads);
        try { _landmarker = new PoseLandmarker(landmarkPath, Options.Segmentation, Options.Threads); }
        catch { _detector.Dispose(); throw; }
    }

    public PoseEstimatorOptions Options { get; }

    /// <summary>Decodes and processes an image file (JPEG, PNG, BMP, WebP, TIFF).</summary>
    public PoseResult Estimate(string path)
    {
        long t = Stopwatch.GetTimestamp();
        var timer = new StageTimer();
        using var image = ImageDecoder.DecodeFile(path, Options.DecodeLimits);
        timer.Lap(StageTimer.Stage.Decode, t);
        return Run(image, path, null, timer);
    }

    /// <summary>Decodes and processes encoded image bytes.</summary>
    public PoseResult Estimate(ReadOnlySpan<byte> encoded, string source = "bytes")
    {
        long t = Stopwatch.GetTimestamp();
        var timer = new StageTimer();
        using var image = ImageDecoder.Decode(encoded, source, Options.DecodeLimits);
        timer.Lap(StageTimer.Stage.Decode, t);
        return Run(image, source, null, timer);
    }

    /// <summary>Reads a stream to its end and processes the image in it.</summary>
    public PoseResult Estimate(Stream stream, string source = "stream")
    {
        using var buffer = new MemoryStream();
        stream.CopyTo(buffer);
        return Estimate(buffer.GetBuffer().AsSpan(0, (int)buffer.Length), source);
    }

    /// <summary>Processes a decoded OpenCV image (BGR; gray, BGRA and 16-bit are converted).</summary>
    public PoseResult Estimate(Mat image, string source = "image", PoseTrace? trace = null)
    {
        ArgumentNullException.ThrowIfNull(image);
        if (image.Empty()) throw new InvalidImageException(source, InvalidImageReason.Empty, "the image is empty");
        if (Math.Min(image.Cols, image.Rows) < Options.DecodeLimits.MinSide)
            throw new InvalidImageException(source, InvalidImageReason.TooSmall, $"a {image.Cols}×{image.Rows} image is too small to find a pose in");
        if (image.Type() == MatType.CV_8UC3) return Run(image, source, trace, new StageTimer());
        using var bgr = ImageDecoder.ToBgr8(image, source);
        return Run(bgr, source, trace, new StageTimer());
    }

    private PoseResult Run(Mat bgr, string source, PoseTrace? trace, StageTimer timer)
    {
        int width = bgr.Cols, height = bgr.Rows;
        var detections = _detector.Detect(bgr, Options.MinDetectionConfidence, trace, timer);
        if (Options.MaxPoses > 1)
        {
            var all = detections.ToList();
            foreach (var tile in TiledDetection.Tiles(width, height, Options.EffectiveTiles))
                all.AddRange(_detector.Detect(bgr, tile, Options.MinDetectionConfidence, null, timer));
            detections = TiledDetection.MergeSamePerson(all, width, height);
        }
        var poses = new List<Pose>();
        foreach (var detection in detections.Take(Options.MaxPoses))
        {
            var region = RegionOfInterest.FromDetection(detection, width, height);
            var output = _landmarker.Run(bgr, region, trace, timer);
            long t = Stopwatch.GetTimestamp();
            if (output.Presence >= Options.MinPresenceConfidence)
                poses.Add(PoseAssembly.Build(output, detection.Score, region, width, height));
            timer.Lap(StageTimer.Stage.Post, t);
        }
        long post = Stopwatch.GetTimestamp();
        var distinct = PoseAssembly.RemoveDuplicates(poses, width, height, Options.DuplicatePoseDistance);
        timer.Lap(StageTimer.Stage.Post, post);
        return new PoseResult(source, width, height, Options.ModelComplexity, distinct, timer.ToTimings());
    }

    public void Dispose()
    {
        _landmarker.Dispose();
        _detector.Dispose();
    }
}
