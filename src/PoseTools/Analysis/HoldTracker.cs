using PoseTools.Results;

namespace PoseTools.Analysis;

/// <summary>One hold of a static exercise by one person: when, how long, and the faults seen during it.</summary>
public sealed record Hold(int? PersonId, Exercise Exercise, long StartFrame, long EndFrame, TimeSpan? StartTime, TimeSpan? EndTime,
    IReadOnlyList<FormFault> FaultDetails)
{
    /// <summary>How long the position was held, when the frames carry timestamps.</summary>
    public TimeSpan? Duration => EndTime - StartTime;

    /// <summary>The faults seen for a good part of the hold, by name; empty when the form held.</summary>
    public IReadOnlyList<string> Faults => FaultDetails.Select(f => f.Rule).ToList();

    /// <summary>One sentence per fault.</summary>
    public IReadOnlyList<string> Feedback => FaultDetails.Select(f => f.Feedback).ToList();
}

/// <summary>
/// Finds holds of a static exercise (the plank) in a stream of video results, per tracked person. A frame is in the
/// position when the body is straight and level enough (see <see cref="InPlank"/>); a hold is broken only when the
/// position is lost for longer than <c>tolerance</c> (0.5 s), so one noisy frame never splits it, and holds shorter
/// than 1 s are not reported. Faults: the hips sagging below, or piked above, the shoulder–ankle line in at least a
/// quarter of the hold.
/// </summary>
public sealed class HoldTracker
{
    private sealed class PersonState
    {
        public (long Frame, TimeSpan? Time)? Start;
        public (long Frame, TimeSpan? Time) LastIn;
        public readonly List<double> HipOffsets = [];
    }

    /// <summary>
    /// Hips more than this far below the shoulder–ankle line (in body lengths) sag. The shared correct planks hold
    /// their hips 0.05–0.07 above the line; coaching practice wants a straight line, so the thresholds leave a margin
    /// around that and flag only a clear dip or peak.
    /// </summary>
    public const double SagLimit = -0.08;

    /// <summary>Hips more than this far above the shoulder–ankle line (in body lengths) are piked.</summary>
    public const double PikeLimit = 0.15;

    private readonly Exercise _exercise;
    private readonly TimeSpan _tolerance;
    private readonly Dictionary<int, PersonState> _people = [];
    private readonly double _sag, _pike;

    /// <summary>A tracker for <paramref name="exercise"/> (the plank); thresholds "HipsSagging" and "HipsPiked" can be overridden.</summary>
    public HoldTracker(Exercise exercise, TimeSpan? tolerance = null, IReadOnlyDictionary<string, double>? thresholds = null)
    {
        if (exercise != Exercise.Plank) throw new ArgumentException($"{exercise} is not held: count its repetitions instead (RepetitionTracker)");
        _exercise = exercise;
        _tolerance = tolerance ?? TimeSpan.FromSeconds(0.5);
        _sag = SagLimit;
        _pike = PikeLimit;
        foreach (var (name, value) in thresholds ?? new Dictionary<string, double>())
            if (name.Equals("HipsSagging", StringComparison.OrdinalIgnoreCase)) _sag = value;
            else if (name.Equals("HipsPiked", StringComparison.OrdinalIgnoreCase)) _pike = value;
            else throw new ArgumentException($"a plank has no form rule '{name}'; its rules are HipsSagging, HipsPiked");
    }

    /// <summary>The holds this frame ends (a person out of position for longer than the tolerance).</summary>
    public IEnumerable<Hold> Add(PoseResult result)
    {
        long frame = result.FrameIndex ?? 0;
        var ended = new List<Hold>();
        var seen = new HashSet<int>();
        foreach (var pose in result.Poses)
        {
            int key = pose.PersonId ?? 0;
            seen.Add(key);
            if (!_people.TryGetValue(key, out var state)) _people[key] = state = new PersonState();
            if (InPlank(pose))
            {
                state.Start ??= (frame, result.Timestamp);
                state.LastIn = (frame, result.Timestamp);
                if (HipOffset(pose) is var offset && !double.IsNaN(offset)) state.HipOffsets.Add(offset);
            }
            else if (Lost(state, frame, result.Timestamp) && Close(key, state) is { } hold) ended.Add(hold);
        }
        // A person missing from the frame is out of position too.
        foreach (var (key, state) in _people.Where(p => !seen.Contains(p.Key)))
            if (Lost(state, frame, result.Timestamp) && Close(key, state) is { } hold) ended.Add(hold);
        return ended;
    }

    /// <summary>At the end of the stream: the holds still going.</summary>
    public IEnumerable<Hold> Flush() => _people.Select(p => Close(p.Key, p.Value)).OfType<Hold>().ToList();

    /// <summary>Every hold in a stream of results (form thresholds overridable by name, as in the constructor).</summary>
    public static IReadOnlyList<Hold> Find(IEnumerable<PoseResult> results, Exercise exercise = Exercise.Plank, IReadOnlyDictionary<string, double>? thresholds = null)
    {
        var tracker = new HoldTracker(exercise, thresholds: thresholds);
        var holds = results.SelectMany(tracker.Add).ToList();
        holds.AddRange(tracker.Flush());
        return holds;
    }

    private bool Lost(PersonState state, long frame, TimeSpan? time) =>
        state.Start is not null && (time is { } t && state.LastIn.Time is { } last ? t - last > _tolerance : frame - state.LastIn.Frame > 15);

    private Hold? Close(int key, PersonState state)
    {
        if (state.Start is not { } start) return null;
        var end = state.LastIn;
        var offsets = state.HipOffsets.ToList();
        state.Start = null;
        state.HipOffsets.Clear();
        bool longEnough = start.Time is { } t0 && end.Time is { } t1 ? t1 - t0 >= TimeSpan.FromSeconds(1) : end.Frame - start.Frame >= 30;
        if (!longEnough) return null;
        var faults = new List<FormFault>();
        double sagging = offsets.Count(o => o < _sag) / (double)offsets.Count, piked = offsets.Count(o => o > _pike) / (double)offsets.Count;
        if (sagging >= 0.25)
            faults.Add(new FormFault("HipsSagging", $"Your hips sag below the line of your body for {sagging:P0} of the hold: tighten your belly and glutes.", offsets.Min(), _sag));
        if (piked >= 0.25)
            faults.Add(new FormFault("HipsPiked", $"Your hips are piked up for {piked:P0} of the hold: lower them into one line from shoulders to heels.", offsets.Max(), _pike));
        return new Hold(key == 0 ? null : key, _exercise, start.Frame, end.Frame, start.Time, end.Time, faults);
    }

    /// <summary>
    /// In the plank position: the shoulder–ankle line within 35° of level, the legs straight (knee ≥ 140°), the
    /// shoulders above the elbows (propped up). Measured on the better-seen side, in the image.
    /// </summary>
    public static bool InPlank(Pose pose)
    {
        var side = BodySide.BetterSeen(pose);
        var l = pose.Landmarks;
        if (new[] { side.Shoulder, side.Hip, side.Knee, side.Ankle }.Any(i => l[i].Visibility < 0.3f)) return false;
        double level = Math.Atan2(Math.Abs(l[side.Ankle].PixelY - l[side.Shoulder].PixelY), Math.Abs(l[side.Ankle].PixelX - l[side.Shoulder].PixelX)) * 180 / Math.PI;
        double kneeAngle = JointAngles.Degrees(pose, side == BodySide.Left ? Joint.LeftKnee : Joint.RightKnee, AngleSpace.Image);
        return level <= 35 && kneeAngle >= 140 && l[side.Elbow].PixelY > l[side.Shoulder].PixelY;
    }

    /// <summary>The hip's height over the shoulder–ankle line, in body lengths (positive: above, as in a pike).</summary>
    public static double HipOffset(Pose pose)
    {
        var side = BodySide.BetterSeen(pose);
        var l = pose.Landmarks;
        double dx = l[side.Ankle].PixelX - l[side.Shoulder].PixelX, dy = l[side.Ankle].PixelY - l[side.Shoulder].PixelY;
        double length = Math.Sqrt(dx * dx + dy * dy);
        if (length < 1 || Math.Abs(dx) < 1) return double.NaN;
        double lineY = l[side.Shoulder].PixelY + dy * (l[side.Hip].PixelX - l[side.Shoulder].PixelX) / dx;
        return (lineY - l[side.Hip].PixelY) / length;
    }
}
