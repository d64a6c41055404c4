using PoseTools.Results;

namespace PoseTools.Analysis;

/// <summary>
/// Counts repetitions in a stream of results, separately for each tracked person, and judges each repetition's form
/// with the exercise's rules (<see cref="FormRules"/>) over its frames.
/// </summary>
public sealed class RepetitionTracker(Func<Pose, double> angle, RepetitionThresholds thresholds, string movement, IReadOnlyList<FormRule>? rules = null)
{
    // Enough frames for the longest repetition worth judging: 20 s at 30 frames/s.
    private const int HistoryFrames = 600;
    // The start position held before a repetition that rules may look at (a pull-up's hang): a second at 30 frames/s.
    private const int LeadInFrames = 30;
    private readonly Dictionary<int, RepetitionCounter> _counters = [];
    private readonly Dictionary<int, Queue<(long Frame, Pose Pose)>> _history = [];
    private readonly IReadOnlyList<FormRule> _rules = rules ?? [];
    private readonly RepetitionThresholds _thresholds = Validated(thresholds);

    private static RepetitionThresholds Validated(RepetitionThresholds thresholds)
    {
        thresholds.Validate();
        return thresholds;
    }

    /// <summary>A tracker with an exercise's built-in joint, space, thresholds and form rules (rule thresholds overridable by name).</summary>
    public static RepetitionTracker For(Exercise exercise, IReadOnlyDictionary<string, double>? formThresholds = null)
    {
        var preset = ExercisePreset.For(exercise);
        return new RepetitionTracker(preset.Angle, preset.Thresholds, exercise.ToString(), FormRules.For(exercise, formThresholds));
    }

    /// <summary>A tracker on one joint's angle with your own thresholds.</summary>
    public static RepetitionTracker For(Joint joint, RepetitionThresholds thresholds, AngleSpace space = AngleSpace.Image) =>
        new(p => JointAngles.Degrees(p, joint, space), thresholds, joint.ToString());

    /// <summary>The repetitions this frame completes (at most one per person).</summary>
    public IEnumerable<Repetition> Add(PoseResult result)
    {
        var completed = new List<Repetition>();
        long frame = result.FrameIndex ?? 0;
        foreach (var pose in result.Poses)
        {
            int key = pose.PersonId ?? 0;
            if (!_counters.TryGetValue(key, out var counter))
                _counters[key] = counter = new RepetitionCounter(_thresholds, movement, pose.PersonId);
            if (_rules.Count > 0) Remember(key, frame, pose);
            if (counter.Add(frame, result.Timestamp, angle(pose)) is { } repetition) completed.Add(Judged(key, repetition));
        }
        return completed;
    }

    /// <summary>At the end of the stream: the repetitions completed in its last few frames (see <see cref="RepetitionCounter.Flush"/>).</summary>
    public IEnumerable<Repetition> Flush() => _counters.SelectMany(c => c.Value.Flush().Select(r => Judged(c.Key, r))).ToList();

    private void Remember(int person, long frame, Pose pose)
    {
        if (!_history.TryGetValue(person, out var frames)) _history[person] = frames = new Queue<(long, Pose)>();
        frames.Enqueue((frame, pose));
        if (frames.Count > HistoryFrames) frames.Dequeue();
    }

    private Repetition Judged(int person, Repetition repetition)
    {
        if (_rules.Count == 0 || !_history.TryGetValue(person, out var history)) return repetition;
        var frames = history.Where(f => f.Frame >= repetition.StartFrame && f.Frame <= repetition.EndFrame).ToList();
        if (frames.Count == 0) return repetition;
        var leadIn = history.Where(f => f.Frame >= repetition.StartFrame - LeadInFrames && f.Frame < repetition.StartFrame).ToList();
        return repetition with { Form = FormRules.Assess(new RepetitionMovement(frames, repetition.ExtremeFrame, repetition.ExtremeAngle, leadIn), _rules) };
    }

    /// <summary>Every completed repetition in a stream of results, per person, in order.</summary>
    public IReadOnlyList<Repetition> Count(IEnumerable<PoseResult> results)
    {
        var repetitions = results.SelectMany(Add).ToList();
        repetitions.AddRange(Flush()); // after the stream: Flush() as a Concat argument would run before it
        return repetitions;
    }

    /// <summary>Every completed repetition of an exercise in a stream of results.</summary>
    public static IReadOnlyList<Repetition> Count(IEnumerable<PoseResult> results, Exercise exercise) => For(exercise).Count(results);
}
