using System.Diagnostics;
using OpenCvSharp;
using PoseTools.Results;

namespace PoseTools.Inference;

/// <summary>How a video is followed from frame to frame.</summary>
public sealed record TrackingOptions
{
    /// <summary>Smooth landmarks and world landmarks with MediaPipe's filters (smooth_landmarks).</summary>
    public bool SmoothLandmarks { get; init; } = true;

    /// <summary>Blend each mask with the previous frame's where the new one is uncertain (smooth_segmentation).</summary>
    public bool SmoothSegmentation { get; init; } = true;

    /// <summary>
    /// False: every frame is an independent photo (detector on each frame, no filters, no person ids) — slower and
    /// jittery, for comparison.
    /// </summary>
    public bool Track { get; init; } = true;

    /// <summary>With several people allowed, how often (in frames) the detector looks for newcomers while fewer than
    /// MaxPoses people are tracked. With one person, it runs only when nobody is tracked.</summary>
    public int DetectionInterval { get; init; } = 10;

    /// <summary>
    /// How long a lost person's id is kept: someone found again within this time near where they were lost gets
    /// their old PersonId back (MediaPipe itself would start afresh), so a short occlusion does not split a person.
    /// </summary>
    public TimeSpan ReidentifyWithin { get; init; } = TimeSpan.FromSeconds(1);
}

/// <summary>
/// MediaPipe's video mode, for one video stream: the detector runs only to find people; afterwards each person's
/// region comes from their previous frame's (smoothed) auxiliary landmarks, and landmarks are smoothed with the
/// graph's 1€ filters. A person whose pose presence drops below the threshold is lost and looked for again at once
/// (in the same frame, unlike MediaPipe, which waits for the next one). Each person keeps a PersonId.
/// Not thread-safe: one tracker per stream; the estimator behind it may serve many.
/// </summary>
public sealed class PoseTracker
{
    private readonly PoseEstimator _estimator;
    private readonly TrackingOptions _options;
    private readonly List<Track> _tracks = [];
    private readonly List<(int Id, Pose LastPose, TimeSpan LostAt)> _lost = [];
    private int _nextId = 1;
    private long _lastDetection = long.MinValue / 2;
    private TimeSpan _lastTimestamp = TimeSpan.MinValue;

    private sealed class Track(int id, bool smooth, float detectionScore)
    {
        public int Id { get; } = id;
        /// <summary>The score of the detection that started (or re-identified) this track: the detector does not run
        /// on the frames a track follows, and every pose of the track reports this score.</summary>
        public float DetectionScore { get; } = detectionScore;
        public RegionOfInterest? Region { get; set; }
        public LandmarkSmoothing Filters { get; } = new(smooth);
        public float[]? PreviousMask { get; set; }
        public Pose? LastPose { get; set; }
    }

    internal PoseTracker(PoseEstimator estimator, TrackingOptions options)
    {
        _estimator = estimator;
        _options = options;
    }

    /// <summary>The people currently followed.</summary>
    public int TrackedCount => _tracks.Count;

    /// <summary>Processes the next frame (timestamps must increase).</summary>
    public PoseResult Process(Mat bgr, string source, long frameIndex, TimeSpan timestamp)
    {
        if (timestamp <= _lastTimestamp) throw new ArgumentException($"frame timestamps must increase: {timestamp} after {_lastTimestamp}", nameof(timestamp));
        _lastTimestamp = timestamp;
        if (!_options.Track)
            return _estimator.EstimateDecoded(bgr, source, null, new StageTimer()) with { FrameIndex = frameIndex, Timestamp = timestamp };

        var timer = new StageTimer();
        int width = bgr.Cols, height = bgr.Rows;
        var options = _estimator.Options;
        var poses = new List<Pose>();
        bool lost = false;

        _lost.RemoveAll(l => timestamp - l.LostAt > _options.ReidentifyWithin);
        foreach (var track in _tracks.ToList())
        {
            var pose = Follow(track, bgr, track.Region!, timestamp, timer);
            if (pose is null)
            {
                _tracks.Remove(track);
                if (track.LastPose is { } last) _lost.Add((track.Id, last, timestamp));
                lost = true;
            }
            else poses.Add(pose);
        }

        bool wantMore = _tracks.Count < options.MaxPoses;
        bool due = _tracks.Count == 0 || lost || (options.MaxPoses > 1 && frameIndex - _lastDetection >= _options.DetectionInterval);
        if (wantMore && due)
        {
            _lastDetection = frameIndex;
            foreach (var detection in _estimator.DetectPeople(bgr, null, timer))
            {
                if (_tracks.Count >= options.MaxPoses) break;
                if (poses.Any(p => IsSamePerson(detection, p, width, height))) continue;
                int lostIndex = _lost.FindIndex(l => IsSamePerson(detection, l.LastPose, width, height));
                var track = new Track(lostIndex >= 0 ? _lost[lostIndex].Id : _nextId, _options.SmoothLandmarks, detection.Score);
                var region = RegionOfInterest.FromDetection(detection, width, height);
                var pose = Follow(track, bgr, region, timestamp, timer);
                if (pose is null) continue;
                if (lostIndex >= 0) _lost.RemoveAt(lostIndex);
                else _nextId++;
                _tracks.Add(track);
                poses.Add(pose);
            }
        }

        long t = Stopwatch.GetTimestamp();
        var kept = DropConvergedTracks(poses, width, height);
        timer.Lap(StageTimer.Stage.Post, t);
        return new PoseResult(source, width, height, options.ModelComplexity, kept, timer.ToTimings(), frameIndex, timestamp);
    }

    /// <summary>Runs the landmark model on the track's region; null when the person is no longer there.</summary>
    private Pose? Follow(Track track, Mat bgr, RegionOfInterest region, TimeSpan timestamp, StageTimer timer)
    {
        var output = _estimator.Landmarker.Run(bgr, region, null, timer);
        long t = Stopwatch.GetTimestamp();
        try
        {
            if (output.Presence < _estimator.Options.MinPresenceConfidence)
            {
                track.Filters.Reset();
                return null;
            }
            int width = bgr.Cols, height = bgr.Rows;
            track.Filters.Apply(output.Landmarks, output.WorldLandmarks, timestamp, width, height);
            // The next frame's region: from this frame's smoothed auxiliary landmarks (body centre, scale point).
            track.Region = RegionOfInterest.FromAlignmentPoints(new NormalizedPoint(output.Landmarks[33].X, output.Landmarks[33].Y),
                new NormalizedPoint(output.Landmarks[34].X, output.Landmarks[34].Y), width, height);
            var pose = PoseAssembly.Build(output, track.DetectionScore, region, width, height) with { PersonId = track.Id };
            track.LastPose = pose;
            if (pose.Mask is { } mask && _options.SmoothSegmentation)
            {
                if (track.PreviousMask is { } previous && previous.Length == mask.Probabilities.Length)
                    SegmentationSmoothing.Blend(mask.Probabilities, previous);
                track.PreviousMask = mask.Probabilities;
            }
            return pose;
        }
        finally
        {
            timer.Lap(StageTimer.Stage.Post, t);
        }
    }

    private static bool IsSamePerson(Detection detection, Pose pose, int width, int height)
    {
        var center = pose.AuxiliaryLandmarks[0];
        float dx = (detection.HipCenter.X - center.X) * width, dy = (detection.HipCenter.Y - center.Y) * height;
        float size = Math.Min(TiledDetection.BodySize(detection, width, height), pose.Region.Width * width / RegionOfInterest.Enlargement);
        return MathF.Sqrt(dx * dx + dy * dy) < 0.3f * size;
    }

    /// <summary>Two tracks that have drifted onto one person: the older track (lower id) keeps it.</summary>
    private List<Pose> DropConvergedTracks(List<Pose> poses, int width, int height)
    {
        var kept = new List<Pose>();
        foreach (var pose in poses.OrderBy(p => p.PersonId))
        {
            if (kept.Any(k => PoseAssembly.MeanDistance(pose, k, width, height) < _estimator.Options.DuplicatePoseDistance))
                _tracks.RemoveAll(t => t.Id == pose.PersonId);
            else kept.Add(pose);
        }
        return kept;
    }
}

/// <summary>MediaPipe's segmentation smoothing: where the new mask is uncertain (near 0.5), lean on the previous one.</summary>
public static class SegmentationSmoothing
{
    public const float CombineWithPreviousRatio = 0.7f;

    /// <summary>Blends <paramref name="current"/> in place with <paramref name="previous"/>.</summary>
    public static void Blend(float[] current, float[] previous, float ratio = CombineWithPreviousRatio)
    {
        for (int i = 0; i < current.Length; i++)
        {
            float p = current[i], t = p - 0.5f, x = t * t;
            // A polynomial fit of 1 − (1 − H(p))², H the binary entropy: 1 at p = 0.5, 0 at p = 0 or 1.
            float uncertainty = 1f - Math.Min(1f, x * (5.68842f + x * (-0.748699f + x * (-57.8051f + x * (291.309f + x * -624.717f)))));
            current[i] = p + (previous[i] - p) * (uncertainty * ratio);
        }
    }
}
