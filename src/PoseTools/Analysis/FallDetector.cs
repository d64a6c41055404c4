using PoseTools.Results;

namespace PoseTools.Analysis;

/// <summary>A detected fall of one person.</summary>
public sealed record FallEvent(
    int? PersonId,
    string Source,
    long Frame,
    TimeSpan? Time,
    long DescentStartFrame,
    double Confidence,
    double DescentTorsoLengths,
    double PeakSpeedTorsoLengthsPerSecond,
    double TorsoAngleDegrees);

/// <summary>Thresholds of the fall detector (body-relative, so they hold for near and far people).</summary>
public sealed record FallCriteria
{
    /// <summary>The hips must drop at least this far (in torso lengths)…</summary>
    public double MinDescent { get; init; } = 0.6;
    /// <summary>…within this time…</summary>
    public TimeSpan MaxDescentTime { get; init; } = TimeSpan.FromSeconds(1.2);
    /// <summary>…reaching at least this downward speed (torso lengths per second).</summary>
    public double MinPeakSpeed { get; init; } = 1.2;
    /// <summary>Afterwards the torso must lie this far from upright (degrees)…</summary>
    public double MinTorsoAngle { get; init; } = 60;
    /// <summary>…within this time after the descent ends.</summary>
    public TimeSpan MaxTimeToHorizontal { get; init; } = TimeSpan.FromSeconds(1.5);
}

/// <summary>
/// Finds falls in a tracked stream: a rapid downward movement of the hips and shoulders, followed by a torso lying
/// near horizontal. Positions are measured in torso lengths (shoulder centre to hip centre, taken while upright), so
/// the test does not depend on the person's size in the frame.
/// <para>
/// Limits: it needs the person seen before and after the drop (a clip that starts on the floor reports nothing);
/// a fast, deliberate move to the floor (a burpee) looks the same; falls straight toward or away from the camera
/// shorten the torso rather than tilt it and may be missed; at low frame rates the speed is under-estimated.
/// Confidence grows with the drop, its speed and the final tilt.
/// </para>
/// </summary>
public sealed class FallDetector(FallCriteria? criteria = null)
{
    private readonly FallCriteria _c = criteria ?? new FallCriteria();
    private readonly Dictionary<int, PersonHistory> _people = [];

    private sealed record Sample(long Frame, TimeSpan Time, double HipY, double ShoulderY, double TorsoAngle, double TorsoLength);

    private sealed class PersonHistory
    {
        public List<Sample> Samples { get; } = [];
        public double UprightTorso { get; set; }
        public long LastFallFrame { get; set; } = long.MinValue;
    }

    /// <summary>Adds one frame; returns the falls it confirms.</summary>
    public IEnumerable<FallEvent> Add(PoseResult result)
    {
        var events = new List<FallEvent>();
        if (result.Timestamp is not { } time) return events;
        foreach (var pose in result.Poses)
        {
            int key = pose.PersonId ?? 0;
            if (!_people.TryGetValue(key, out var person)) _people[key] = person = new PersonHistory();
            var sample = Measure(pose, result.FrameIndex ?? 0, time);
            person.Samples.Add(sample);
            if (sample.TorsoAngle < 30) person.UprightTorso = Math.Max(person.UprightTorso * 0.98, sample.TorsoLength);
            person.Samples.RemoveAll(s => time - s.Time > _c.MaxDescentTime + _c.MaxTimeToHorizontal);
            if (Check(person, sample, pose, result) is { } fall) events.Add(fall);
        }
        return events;
    }

    /// <summary>The falls in a stream of results, one event per fall per person, by the criteria given (or the defaults).</summary>
    public static IReadOnlyList<FallEvent> Find(IEnumerable<PoseResult> results, FallCriteria? criteria = null)
    {
        var detector = new FallDetector(criteria);
        return results.SelectMany(detector.Add).ToList();
    }

    private static readonly TimeSpan SpeedSpan = TimeSpan.FromSeconds(0.1);

    /// <summary>How low the torso is: the mean image row of hip and shoulder centres (grows downward).</summary>
    private static double Height(Sample s) => (s.HipY + s.ShoulderY) / 2;

    private static Sample Measure(Pose pose, long frame, TimeSpan time)
    {
        var l = pose.Landmarks;
        double hipX = (l.LeftHip.PixelX + l.RightHip.PixelX) / 2, hipY = (l.LeftHip.PixelY + l.RightHip.PixelY) / 2;
        double shX = (l.LeftShoulder.PixelX + l.RightShoulder.PixelX) / 2, shY = (l.LeftShoulder.PixelY + l.RightShoulder.PixelY) / 2;
        double dx = shX - hipX, dy = shY - hipY;
        double length = Math.Sqrt(dx * dx + dy * dy);
        double angle = Math.Atan2(Math.Abs(dx), -dy) * 180 / Math.PI; // 0 = shoulders straight above hips
        return new Sample(frame, time, hipY, shY, angle, length);
    }

    private FallEvent? Check(PersonHistory person, Sample now, Pose pose, PoseResult result)
    {
        if (now.TorsoAngle < _c.MinTorsoAngle || person.UprightTorso <= 0) return null;
        double torso = person.UprightTorso;
        var samples = person.Samples;
        // The descent starts at the highest upright moment in the window (the most recent of equally high ones).
        Sample? start = null;
        foreach (var sample in samples.Where(x => x.TorsoAngle < 30 && x.Frame > person.LastFallFrame))
            if (start is null || Height(sample) <= Height(start) + 0.05 * torso) start = sample;
        if (start is null) return null;
        double descent = (Height(now) - Height(start)) / torso;
        // Fast: the hips and shoulders must reach the minimum drop within MaxDescentTime, at a high peak speed.
        var after = samples.Where(x => x.Frame >= start.Frame).ToList();
        var dropped = after.FirstOrDefault(x => (Height(x) - Height(start)) / torso >= _c.MinDescent);
        if (dropped is null || dropped.Time - start.Time > _c.MaxDescentTime) return null;
        // Speeds over at least a tenth of a second, so frame-to-frame landmark jitter does not pass for speed.
        double peakSpeed = 0;
        for (int i = 1, j = 0; i < after.Count; i++)
        {
            while (j + 1 < i && after[i].Time - after[j + 1].Time >= SpeedSpan) j++;
            double dt = (after[i].Time - after[j].Time).TotalSeconds;
            if (dt > 0) peakSpeed = Math.Max(peakSpeed, (Height(after[i]) - Height(after[j])) / torso / dt);
        }
        if (descent < _c.MinDescent || peakSpeed < _c.MinPeakSpeed) return null;
        person.LastFallFrame = now.Frame;
        double confidence = Math.Clamp(
            0.4 * Math.Min(1, descent / (2 * _c.MinDescent)) + 0.3 * Math.Min(1, peakSpeed / (2 * _c.MinPeakSpeed)) + 0.3 * Math.Min(1, (now.TorsoAngle - 45) / 45),
            0, 1);
        return new FallEvent(pose.PersonId, result.Source, now.Frame, now.Time, start.Frame, Math.Round(confidence, 3), descent, peakSpeed, now.TorsoAngle);
    }
}
