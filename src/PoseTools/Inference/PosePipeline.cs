using System.Diagnostics;
using OpenCvSharp;
using PoseTools.Models;
using PoseTools.Results;
using PoseTools.Geometry;

namespace PoseTools.Inference;

/// <summary>
/// The stages of one estimator, wired once, as MediaPipe's pose graphs wire them: person detection (the whole frame,
/// plus tiles when several people are wanted) → region → landmarks → presence check → pose. The photo path
/// (<see cref="EstimatePhoto"/>) and the video tracker both run through it; the tracker only decides which regions to
/// look at and smooths between frames. Owns the two ONNX sessions; thread-safe.
/// </summary>
public sealed class PosePipeline : IDisposable
{
    private readonly PoseDetector _detector;
    private readonly PoseLandmarker _landmarker;

    /// <summary>Loads the detector and the landmark model of <paramref name="options"/> from the model store.</summary>
    public PosePipeline(PoseEstimatorOptions options)
    {
        Options = options;
        var store = new ModelStore(options.ModelDirectory);
        string detectorPath = store.GetModelPath(PoseModel.Detector);
        string landmarkPath = store.GetModelPath(options.ModelComplexity.LandmarkModel());
        _detector = new PoseDetector(detectorPath, options.Threads);
        try { _landmarker = new PoseLandmarker(landmarkPath, options.Segmentation, options.Threads); }
        catch { _detector.Dispose(); throw; }
    }

    /// <summary>The options the pipeline was made with.</summary>
    public PoseEstimatorOptions Options { get; }

    /// <summary>People in the image, best first: the whole frame, plus overlapping tiles when several are wanted.</summary>
    public IReadOnlyList<Detection> DetectPeople(Mat bgr, PoseTrace? trace, StageTimer timer)
    {
        var detections = _detector.Detect(bgr, Options.MinDetectionConfidence, trace, timer);
        if (Options.MaxPoses == 1) return detections;
        var all = detections.ToList();
        foreach (var tile in TiledDetection.Tiles(bgr.Cols, bgr.Rows, Options.EffectiveTiles))
            all.AddRange(_detector.Detect(bgr, tile, Options.MinDetectionConfidence, null, timer));
        return TiledDetection.MergeSamePerson(all, bgr.Cols, bgr.Rows);
    }

    /// <summary>The landmark model on one region; null when its pose presence is below <c>MinPresenceConfidence</c> (nobody there).</summary>
    public LandmarkerOutput? LandmarksIn(Mat bgr, RegionOfInterest region, PoseTrace? trace, StageTimer timer)
    {
        var output = _landmarker.Run(bgr, region, trace, timer);
        return output.Presence >= Options.MinPresenceConfidence ? output : null;
    }

    /// <summary>The static (photo) pipeline on a decoded BGR image: every detected person's region, landmarks and pose.</summary>
    public PoseResult EstimatePhoto(Mat bgr, string source, PoseTrace? trace, StageTimer timer)
    {
        int width = bgr.Cols, height = bgr.Rows;
        var poses = new List<Pose>();
        foreach (var detection in DetectPeople(bgr, trace, timer).Take(Options.MaxPoses))
        {
            var region = detection.ToRegion(width, height);
            var output = LandmarksIn(bgr, region, trace, timer);
            long t = Stopwatch.GetTimestamp();
            if (output is not null) poses.Add(PoseBuilder.Build(output, detection.Score, region, width, height));
            timer.Lap(StageTimer.Stage.Assemble, t);
        }
        long post = Stopwatch.GetTimestamp();
        var distinct = PoseBuilder.RemoveDuplicates(poses, width, height, Options.DuplicatePoseDistance, Options.NestedPoseShare);
        timer.Lap(StageTimer.Stage.Assemble, post);
        return new PoseResult(source, width, height, Options.ModelComplexity, distinct, timer.ToTimings());
    }

    /// <summary>Releases the two ONNX sessions.</summary>
    public void Dispose()
    {
        _landmarker.Dispose();
        _detector.Dispose();
    }
}
