using PoseTools.Results;

namespace PoseTools.Analysis;

/// <summary>Counts repetitions in a stream of results, separately for each tracked person.</summary>
public sealed class RepetitionTracker(Func<Pose, double> angle, RepetitionThresholds thresholds, string movement)
{
    private readonly Dictionary<int, RepetitionCounter> _counters = [];
    private readonly RepetitionThresholds _thresholds = Validated(thresholds);

    private static RepetitionThresholds Validated(RepetitionThresholds thresholds)
    {
        thresholds.Validate();
        return thresholds;
    }

    /// <summary>A tracker with an exercise's built-in joint, space and thresholds.</summary>
    public static RepetitionTracker For(Exercise exercise)
    {
        var preset = ExercisePreset.For(exercise);
        return new RepetitionTracker(preset.Angle, preset.Thresholds, exercise.ToString());
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
            if (counter.Add(frame, result.Timestamp, angle(pose)) is { } repetition) completed.Add(repetition);
        }
        return completed;
    }

    /// <summary>At the end of the stream: the repetitions completed in its last few frames (see <see cref="RepetitionCounter.Flush"/>).</summary>
    public IEnumerable<Repetition> Flush() => _counters.Values.SelectMany(c => c.Flush()).ToList();

    /// <summary>Every completed repetition in a stream of results, per person, in order.</summary>
    public IReadOnlyList<Repetition> Count(IEnumerable<PoseResult> results) => results.SelectMany(Add).Concat(Flush()).ToList();

    /// <summary>Every completed repetition of an exercise in a stream of results.</summary>
    public static IReadOnlyList<Repetition> Count(IEnumerable<PoseResult> results, Exercise exercise) => For(exercise).Count(results);
}
