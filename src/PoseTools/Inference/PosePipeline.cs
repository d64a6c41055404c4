using System.Diagnostics;
using OpenCvSharp;
using PoseTools.Models;
using PoseTools.Results;
using PoseTools.Geometry;
using PoseTools.Imaging;

namespace PoseTools.Inference;

/// <summary>
/// The stages of one estimator, wired once, as MediaPipe's pose graphs wire them: person detection (the whole frame,
/// plus tiles when several people are wanted) → region → landmarks → presence check → pose. The photo path
/// (<c>EstimatePhoto</c>, for a decoded image or a scaled photo) and the video tracker both run through it; the tracker only decides which regions to
/// look at and smooths between frames. Its two stages (ONNX sessions) are shared with every other pipeline of the
/// process that loads the same models the same way (<see cref="SharedStages"/>); thread-safe.
/// </summary>
public sealed class PosePipeline : IDisposable
{
    private readonly PoseDetector _detector;
    private readonly PoseLandmarker _landmarker;

    /// <summary>Loads the detector and the landmark model of <paramref name="options"/> from the model store.</summary>
    public PosePipeline(PoseEstimatorOptions options)
    {
        Options = options;
        var (detectorPath, landmarkPath) = ModelPaths(options);
        // The two stages load side by side, each with its first run (SharedStages): in a fresh pwsh, import plus the
        // first Get-Pose took 821 ms instead of 840 (medians of 10, interleaved), and that photo 37 ms instead of 108.
        var landmarker = Task.Run(() => SharedStages.Landmarker(landmarkPath, options.Segmentation, options.Threads));
        try { _detector = SharedStages.Detector(detectorPath, options.Threads); }
        catch
        {
            landmarker.ContinueWith(t => SharedStages.Release(t.Result), TaskContinuationOptions.OnlyOnRanToCompletion);
            throw;
        }
        try { _landmarker = landmarker.GetAwaiter().GetResult(); }
        catch { SharedStages.Release(_detector); throw; }
    }

    /// <summary>The detector's and the landmark model's files, checked (a missing or damaged model throws a <see cref="ModelStoreException"/>).</summary>
    internal static (string Detector, string Landmarks) ModelPaths(PoseEstimatorOptions options)
    {
        var store = new ModelStore(options.ModelDirectory);
        return (store.GetModelPath(PoseModel.Detector), store.GetModelPath(options.ModelComplexity.LandmarkModel()));
    }

    /// <summary>The options the pipeline was made with.</summary>
    public PoseEstimatorOptions Options { get; }

    /// <summary>
    /// Tile detections must score at least this (the whole frame's: <see cref="PoseEstimatorOptions.MinDetectionConfidence"/>).
    /// Measured on the shared photos with adaptive tiles: false poses 11 → 7 at 0.6, no person lost; 0.7 lost one.
    /// </summary>
    public const float MinTileDetectionScore = 0.6f;

    /// <summary>
    /// With several poses wanted, a pose needs the landmark model's presence of its shoulders and hips at least this
    /// (mean of the four). On the shared photos every true pose had ≥ 0.99 and half the false ones (background
    /// clutter found in tiles) under 0.5, though their pose presence was 0.8–1.0.
    /// </summary>
    public const float MinTorsoPresence = 0.9f;

    /// <summary>
    /// People in the image, best first: the whole frame's detections and, when several people are wanted, those of
    /// the tiles (<see cref="TiledDetection"/>), one detection per person. Automatic tiles
    /// (<see cref="PoseEstimatorOptions.DetectionTiles"/> 0) are sized to the image for a photo, and a 2×2 grid for a
    /// video's newcomer search (<paramref name="video"/>): on the shared clips with -MaxPoses 3, image-sized tiles
    /// started 1–7 extra tracks on background clutter in 12 of 17 clips (a false pose in a photo is one result; a
    /// false track lives on and gets counted) and made tracking 3–5× slower; the 2×2 grid found exactly the people there.
    /// </summary>
    public IReadOnlyList<Detection> DetectPeople(Mat bgr, PoseTrace? trace, StageTimer timer, bool video = false)
    {
        var detections = _detector.Detect(bgr, Options.MinDetectionConfidence, trace, timer);
        if (Options.MaxPoses == 1) return detections;
        var tiles = Options.DetectionTiles switch
        {
            0 when !video => TiledDetection.AdaptivePasses(bgr.Cols, bgr.Rows).SelectMany(pass => pass),
            0 => TiledDetection.Tiles(bgr.Cols, bgr.Rows, 2),
            var grid => TiledDetection.Tiles(bgr.Cols, bgr.Rows, grid),
        };
        float tileScore = Math.Max(MinTileDetectionScore, Options.MinDetectionConfidence);
        // One tile after another: each run already uses every core (detecting tiles two at a time gained 12 %).
        var all = detections.Concat(tiles.SelectMany(tile => _detector.Detect(bgr, tile, tileScore, null, timer))).ToList();
        return TiledDetection.MergeSamePerson(all, bgr.Cols, bgr.Rows);
    }

    /// <summary>
    /// The landmark model on a newly detected person's region: as <see cref="LandmarksIn"/>, and with several people
    /// wanted, null unless the model finds a torso there (<see cref="MinTorsoPresence"/>).
    /// </summary>
    public LandmarkerOutput? LandmarksOfNewPerson(Mat bgr, RegionOfInterest region, PoseTrace? trace, StageTimer timer)
    {
        var output = LandmarksIn(bgr, region, trace, timer);
        return output is not null && Options.MaxPoses > 1 && output.TorsoPresence < MinTorsoPresence ? null : output;
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
        using var photo = ScaledPhoto.FromDecoded(bgr, source);
        return EstimatePhoto(photo, trace, timer);
    }

    /// <summary>
    /// The static (photo) pipeline on a photo that may be decoded at a reduced scale: people are detected at that
    /// scale, and the photo is decoded finer first when a region would get fewer pixels than the landmark model samples.
    /// </summary>
    public PoseResult EstimatePhoto(ScaledPhoto photo, PoseTrace? trace, StageTimer timer)
    {
        int width = photo.Width, height = photo.Height;
        var detections = DetectPeople(photo.Pixels, trace, timer).Take(Options.MaxPoses).ToList();
        var regions = detections.Select(d => d.ToRegion(width, height)).ToList();
        var poses = new List<Pose>();
        if (regions.Count > 0)
        {
            long decode = Stopwatch.GetTimestamp();
            var pixels = photo.PixelsFor(regions.Min(r => Math.Max(r.Width * width, r.Height * height)));
            timer.Lap(StageTimer.Stage.Decode, decode);
            for (int i = 0; i < regions.Count; i++)
            {
                var output = LandmarksOfNewPerson(pixels, regions[i], trace, timer);
                if (output is null) continue;
                long t = Stopwatch.GetTimestamp();
                poses.Add(PoseBuilder.Build(output, detections[i].Score, regions[i], width, height));
                timer.Lap(StageTimer.Stage.Assemble, t);
            }
        }
        long post = Stopwatch.GetTimestamp();
        var distinct = PoseBuilder.RemoveDuplicates(poses, width, height, Options.DuplicatePoseDistance, Options.NestedPoseShare);
        timer.Lap(StageTimer.Stage.Assemble, post);
        return new PoseResult(photo.Source, width, height, Options.ModelComplexity, distinct, timer.ToTimings());
    }

    /// <summary>Lets go of the two stages; their ONNX sessions are released when no other pipeline shares them.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1) return;
        SharedStages.Release(_landmarker);
        SharedStages.Release(_detector);
    }

    private int _disposed;
}
