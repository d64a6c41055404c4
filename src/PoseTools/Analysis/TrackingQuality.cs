using PoseTools.Results;

namespace PoseTools.Analysis;

/// <summary>
/// How a tracked, smoothed run of a clip compares with independent per-frame detection of the same frames (one
/// person: the first pose of each frame). Speeds and distances are fractions of the body's size (the larger side of
/// the pose's box) per frame, so near and far people compare.
/// </summary>
/// <param name="Frames">Frames in the clip.</param>
/// <param name="PerFrameFound">Frames where per-frame detection found the person.</param>
/// <param name="TrackedFound">Frames where the tracker had the person.</param>
/// <param name="MissedByTracker">Frames found by per-frame detection but not by the tracker.</param>
/// <param name="StillFrames">Frames where the body hardly moves (judged from per-frame detection, see <see cref="Compare"/>).</param>
/// <param name="PerFrameStillSpeed">Median landmark speed on those frames with per-frame detection: pure jitter.</param>
/// <param name="TrackedStillSpeed">The same with tracking and smoothing.</param>
/// <param name="FastFrames">Frames with fast motion.</param>
/// <param name="LagFrames">On fast frames, the shift (in frames) that best aligns the tracked landmarks with the per-frame ones; positive = the tracker is late.</param>
public sealed record TrackingQuality(
    int Frames,
    int PerFrameFound,
    int TrackedFound,
    IReadOnlyList<long> MissedByTracker,
    int StillFrames,
    double PerFrameStillSpeed,
    double TrackedStillSpeed,
    int FastFrames,
    int LagFrames)
{
    /// <summary>Half-width (frames) of the windows whose mean positions decide whether the body moves.</summary>
    public const int MotionWindow = 5;
    /// <summary>Body movement between the windows before and after a frame below which the frame is still…</summary>
    public const double StillMotion = 0.02;
    /// <summary>…and above which it is fast.</summary>
    public const double FastMotion = 0.05;
    /// <summary>Frames each window needs (per-frame detection misses some).</summary>
    public const int MinWindowFrames = 3;
    /// <summary>The largest lag (frames) looked for between tracked and per-frame landmarks.</summary>
    public const int MaxLag = 6;

    /// <summary>
    /// Compares two runs over the same frames. A frame is still when the mean landmark positions over the
    /// <see cref="MotionWindow"/> frames before and after it (per-frame detection, so neither run is favoured)
    /// differ by less than <see cref="StillMotion"/> body sizes, fast when by more than <see cref="FastMotion"/>.
    /// </summary>
    public static TrackingQuality Compare(IReadOnlyList<PoseResult> tracked, IReadOnlyList<PoseResult> perFrame)
    {
        if (tracked.Count != perFrame.Count) throw new ArgumentException($"the runs have {tracked.Count} and {perFrame.Count} frames");
        int n = tracked.Count;
        Pose? T(int i) => i >= 0 && i < n && tracked[i].Poses.Count > 0 ? tracked[i].Poses[0] : null;
        Pose? P(int i) => i >= 0 && i < n && perFrame[i].Poses.Count > 0 ? perFrame[i].Poses[0] : null;

        var missed = Enumerable.Range(0, n).Where(i => P(i) is not null && T(i) is null).Select(i => perFrame[i].FrameIndex ?? i).ToList();
        var motion = Enumerable.Range(0, n).Select(i => WindowMotion(perFrame, i)).ToArray();
        var comparable = Enumerable.Range(1, n - 1).Where(i => T(i) is not null && T(i - 1) is not null && P(i) is not null && P(i - 1) is not null).ToList();
        var still = comparable.Where(i => motion[i] < StillMotion).ToList();
        var fast = Enumerable.Range(0, n).Where(i => motion[i] > FastMotion && P(i) is not null).ToList();

        int lag = 0;
        double best = double.MaxValue;
        for (int shift = -MaxLag; shift <= MaxLag; shift++)
        {
            var distances = fast.Where(i => T(i + shift) is not null).Select(i => Distance(P(i)!, T(i + shift)!, perFrame[i])).Where(d => !double.IsNaN(d)).ToList();
            if (distances.Count < fast.Count / 2 || distances.Count == 0) continue;
            double mean = distances.Average();
            if (mean < best) { best = mean; lag = shift; }
        }

        return new TrackingQuality(n, Enumerable.Range(0, n).Count(i => P(i) is not null), Enumerable.Range(0, n).Count(i => T(i) is not null), missed,
            still.Count, Median(still.Select(i => Distance(P(i)!, P(i - 1)!, perFrame[i]))), Median(still.Select(i => Distance(T(i)!, T(i - 1)!, tracked[i]))),
            fast.Count, lag);
    }

    /// <summary>Landmarks at least this visible count; hidden ones (the far side of a body seen from the side) are guesses.</summary>
    public const float MinVisibility = 0.5f;

    /// <summary>Mean distance between corresponding visible image landmarks of two poses, in body sizes.</summary>
    public static double Distance(Pose a, Pose b, PoseResult frame)
    {
        double sum = 0;
        int n = 0;
        for (int k = 0; k < PoseSkeleton.LandmarkCount; k++)
        {
            if (Math.Min(a.Landmarks[k].Visibility, b.Landmarks[k].Visibility) < MinVisibility) continue;
            double dx = (a.Landmarks[k].X - b.Landmarks[k].X) * frame.Width, dy = (a.Landmarks[k].Y - b.Landmarks[k].Y) * frame.Height;
            sum += Math.Sqrt(dx * dx + dy * dy);
            n++;
        }
        return n == 0 ? double.NaN : sum / n / BodySize(a, frame);
    }

    private static double BodySize(Pose pose, PoseResult frame) => Math.Max(1, Math.Max(pose.BodyBox.Width * frame.Width, pose.BodyBox.Height * frame.Height));

    private static double WindowMotion(IReadOnlyList<PoseResult> run, int i)
    {
        var before = Enumerable.Range(i - MotionWindow, MotionWindow).Where(j => j >= 0 && run[j].Poses.Count > 0).Select(j => run[j]).ToList();
        var after = Enumerable.Range(i + 1, MotionWindow).Where(j => j < run.Count && run[j].Poses.Count > 0).Select(j => run[j]).ToList();
        if (before.Count < MinWindowFrames || after.Count < MinWindowFrames) return double.NaN;
        double sum = 0, size = BodySize(before[^1].Poses[0], before[^1]);
        int n = 0;
        for (int k = 0; k < PoseSkeleton.LandmarkCount; k++)
        {
            if (before.Concat(after).Any(r => r.Poses[0].Landmarks[k].Visibility < MinVisibility)) continue;
            n++;
            double dx = (before.Average(r => r.Poses[0].Landmarks[k].X) - after.Average(r => r.Poses[0].Landmarks[k].X)) * run[i].Width;
            double dy = (before.Average(r => r.Poses[0].Landmarks[k].Y) - after.Average(r => r.Poses[0].Landmarks[k].Y)) * run[i].Height;
            sum += Math.Sqrt(dx * dx + dy * dy);
        }
        return n == 0 ? double.NaN : sum / n / size;
    }

    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.Where(v => !double.IsNaN(v)).Order().ToList();
        return sorted.Count == 0 ? double.NaN : sorted[sorted.Count / 2];
    }
}
