using System.Diagnostics;
using OpenCvSharp;
using PoseTools.Results;
using PoseTools.Geometry;

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

    /// <summary>A detection is the person of a pose when its hip centre lies within this share of the body's size of the pose's.</summary>
    public float SamePersonDistance { get; init; } = 0.3f;
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
    private readonly PosePipeline _pipeline;
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

    internal PoseTracker(PosePipeline pipeline, TrackingOptions options)
    {
        _pipeline = pipeline;
        _options = options;
    }

    /// <summary>The people currently followed.</summary>
    public int TrackedCount => _tracks.Count;

    /// <summary>Processes the next frame (timestamps must increase).</summary>
    public PoseResult Process(Mat bgr, string source, long frameIndex, TimeSpan timestamp)
    {
        if (timestamp <= _lastTimestamp) throw new ArgumentException($"frame timestamps must increase: {timestamp} after {_lastTimestamp}", nameof(timestamp));
        _lastTimestamp = timestamp;
        var timer = new StageTimer();
        if (!_options.Track)
            return _pipeline.EstimatePhoto(bgr, source, null, timer) with { FrameIndex = frameIndex, Timestamp = timestamp };

        _lost.RemoveAll(l => timestamp - l.LostAt > _options.ReidentifyWithin);
        var poses = FollowTracks(bgr, timestamp, timer, out bool lost);
        if (DetectionDue(frameIndex, lost))
        {
            _lastDetection = frameIndex;
            poses.AddRange(FindNewcomers(bgr, poses, timestamp, timer));
        }
        long t = Stopwatch.GetTimestamp();
        var kept = RemoveConvergedTracks(poses, bgr.Cols, bgr.Rows);
        timer.Lap(StageTimer.Stage.Assemble, t);
        return new PoseResult(source, bgr.Cols, bgr.Rows, _pipeline.Options.ModelComplexity, kept, timer.ToTimings(), frameIndex, timestamp);
    }

    /// <summary>Each tracked person's region from the previous frame; a person no longer there is moved to the lost list.</summary>
    private List<Pose> FollowTracks(Mat bgr, TimeSpan timestamp, StageTimer timer, out bool lost)
    {
        var poses = new List<Pose>();
        lost = false;
        foreach (var track in _tracks.ToList())
        {
            if (Follow(track, bgr, track.Region!, timestamp, timer) is { } pose)
            {
                poses.Add(pose);
                continue;
            }
            _tracks.Remove(track);
            if (track.LastPose is { } last) _lost.Add((track.Id, last, timestamp));
            lost = true;
        }
        return poses;
    }

    /// <summary>
    /// The detection gate (MediaPipe runs the detector only when it has no region): when nobody is tracked, right after
    /// a loss, and — with room for more people — every <see cref="TrackingOptions.DetectionInterval"/> frames.
    /// </summary>
    private bool DetectionDue(long frameIndex, bool lost)
    {
        var options = _pipeline.Options;
        if (_tracks.Count >= options.MaxPoses) return false;
        // Several people: every frame during the first interval, so that everyone there from the start is followed from
        // the start (squat_correct_011: the athlete, missed in frame 0, was found in frame 1 rather than frame 10 —
        // standing, before her squat began, so it counts); then every DetectionInterval frames.
        return _tracks.Count == 0 || lost || (options.MaxPoses > 1 && (frameIndex < _options.DetectionInterval || frameIndex - _lastDetection >= _options.DetectionInterval));
    }

    /// <summary>New tracks for detected people nobody follows yet; someone lost a moment ago gets their old id back.</summary>
    private List<Pose> FindNewcomers(Mat bgr, IReadOnlyList<Pose> followed, TimeSpan timestamp, StageTimer timer)
    {
        int width = bgr.Cols, height = bgr.Rows;
        var found = new List<Pose>();
        foreach (var detection in _pipeline.DetectPeople(bgr, null, timer, video: true))
        {
            if (_tracks.Count >= _pipeline.Options.MaxPoses) break;
            if (followed.Concat(found).Any(p => IsSamePerson(detection, p, width, height))) continue;
            int lostIndex = _lost.FindIndex(l => IsSamePerson(detection, l.LastPose, width, height));
            var track = new Track(lostIndex >= 0 ? _lost[lostIndex].Id : _nextId, _options.SmoothLandmarks, detection.Score);
            var pose = Follow(track, bgr, detection.ToRegion(width, height), timestamp, timer, newcomer: true);
            if (pose is null) continue;
            if (lostIndex >= 0) _lost.RemoveAt(lostIndex);
            else _nextId++;
            _tracks.Add(track);
            found.Add(pose);
        }
        return found;
    }

    /// <summary>Runs the landmark model on the track's region; null when the person is no longer there.</summary>
    private Pose? Follow(Track track, Mat bgr, RegionOfInterest region, TimeSpan timestamp, StageTimer timer, bool newcomer = false)
    {
        var output = newcomer ? _pipeline.LandmarksOfNewPerson(bgr, region, null, timer) : _pipeline.LandmarksIn(bgr, region, null, timer);
        long t = Stopwatch.GetTimestamp();
        try
        {
            if (output is null)
            {
                track.Filters.Reset();
                return null;
            }
            int width = bgr.Cols, height = bgr.Rows;
            track.Filters.Apply(output.Landmarks, output.WorldLandmarks, timestamp, width, height);
            // The next frame's region: from this frame's smoothed auxiliary landmarks (body centre, scale point).
            track.Region = RegionOfInterest.FromAlignmentPoints(output.BodyCenter, output.ScalePoint, width, height);
            var pose = PoseBuilder.Build(output, track.DetectionScore, region, width, height) with { PersonId = track.Id };
            track.LastPose = pose;
            SmoothSegmentation(track, pose);
            return pose;
        }
        finally
        {
            timer.Lap(StageTimer.Stage.Assemble, t);
        }
    }

    /// <summary>MediaPipe's smooth_segmentation: the new mask leans on the previous one where it is uncertain.</summary>
    private void SmoothSegmentation(Track track, Pose pose)
    {
        if (pose.Mask is not { } mask || !_options.SmoothSegmentation) return;
        if (track.PreviousMask is { } previous && previous.Length == mask.Probabilities.Length)
            SegmentationSmoothing.Blend(mask.Probabilities, previous);
        track.PreviousMask = mask.Probabilities;
    }

    private bool IsSamePerson(Detection detection, Pose pose, int width, int height)
    {
        var center = pose.AuxiliaryLandmarks[0];
        float dx = (detection.HipCenter.X - center.X) * width, dy = (detection.HipCenter.Y - center.Y) * height;
        float size = Math.Min(TiledDetection.BodySize(detection, width, height), pose.Region.Width * width / RegionOfInterest.Enlargement);
        return MathF.Sqrt(dx * dx + dy * dy) < _options.SamePersonDistance * size;
    }

    /// <summary>
    /// Ends tracks that have drifted onto a person another track follows (the older track, lower id, keeps them) and
    /// returns the poses that remain.
    /// </summary>
    private List<Pose> RemoveConvergedTracks(List<Pose> poses, int width, int height)
    {
        var kept = new List<Pose>();
        foreach (var pose in poses.OrderBy(p => p.PersonId))
        {
            if (kept.Any(k => PoseBuilder.MeanDistance(pose, k, width, height) < _pipeline.Options.DuplicatePoseDistance))
                _tracks.RemoveAll(t => t.Id == pose.PersonId);
            else kept.Add(pose);
        }
        return kept;
    }
}

/// <summary>MediaPipe's segmentation smoothing: where the new mask is uncertain (near 0.5), lean on the previous one.</summary>
public static class SegmentationSmoothing
{
    /// <summary>How far an uncertain pixel leans on the previous mask (MediaPipe's combine_with_previous_ratio).</summary>
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
