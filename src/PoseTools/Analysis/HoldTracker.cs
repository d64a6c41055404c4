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
/// Finds holds of a static exercise (plank, side plank, wall sit: <see cref="HoldPositions"/>) in a stream of video
/// results, per tracked person. A hold is broken only when the position is lost for longer than <c>tolerance</c>
/// (0.5 s), so one noisy frame never splits it, and holds shorter than 1 s are not reported. Each of the exercise's
/// rules is a fault when at least a quarter of the hold's frames break it.
/// </summary>
public sealed class HoldTracker
{
    private sealed class PersonState
    {
        public (long Frame, TimeSpan? Time)? Start;
        public (long Frame, TimeSpan? Time) LastIn;
        public readonly List<double[]> Measures = [];
    }

    private readonly HoldPosition _position;
    private readonly TimeSpan _tolerance;
    private readonly Dictionary<int, PersonState> _people = [];

    /// <summary>A tracker for a held <paramref name="exercise"/>; its rules' thresholds can be overridden by name.</summary>
    public HoldTracker(Exercise exercise, TimeSpan? tolerance = null, IReadOnlyDictionary<string, double>? thresholds = null)
    {
        var position = HoldPositions.For(exercise);
        foreach (var name in (thresholds ?? new Dictionary<string, double>()).Keys.Where(n => !position.Rules.Any(r => r.Name.Equals(n, StringComparison.OrdinalIgnoreCase))))
            throw new ArgumentException($"a {exercise} has no form rule '{name}'; its rules are {string.Join(", ", position.Rules.Select(r => r.Name))}");
        _position = position with
        {
            Rules = position.Rules.Select(r => thresholds?.FirstOrDefault(t => t.Key.Equals(r.Name, StringComparison.OrdinalIgnoreCase)) is { Key: not null } t ? r with { Threshold = t.Value } : r).ToList(),
        };
        _tolerance = tolerance ?? TimeSpan.FromSeconds(0.5);
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
            if (_position.InPosition(pose))
            {
                state.Start ??= (frame, result.Timestamp);
                state.LastIn = (frame, result.Timestamp);
                state.Measures.Add(_position.Rules.Select(r => r.Measure(pose)).ToArray());
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

    /// <summary>Every hold in a stream of results (form thresholds overridable by name, and the tolerance, as in the constructor).</summary>
    public static IReadOnlyList<Hold> Find(IEnumerable<PoseResult> results, Exercise exercise = Exercise.Plank, IReadOnlyDictionary<string, double>? thresholds = null, TimeSpan? tolerance = null)
    {
        var tracker = new HoldTracker(exercise, tolerance, thresholds);
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
        var measures = state.Measures.ToList();
        state.Start = null;
        state.Measures.Clear();
        bool longEnough = start.Time is { } t0 && end.Time is { } t1 ? t1 - t0 >= TimeSpan.FromSeconds(1) : end.Frame - start.Frame >= 30;
        if (!longEnough) return null;
        var faults = new List<FormFault>();
        for (int i = 0; i < _position.Rules.Count; i++)
        {
            var rule = _position.Rules[i];
            var values = measures.Select(m => m[i]).Where(v => !double.IsNaN(v)).ToList();
            if (values.Count == 0) continue;
            double broken = values.Count(v => rule.FaultAbove ? v > rule.Threshold : v < rule.Threshold) / (double)values.Count;
            if (broken >= 0.25)
                faults.Add(new FormFault(rule.Name, string.Format(System.Globalization.CultureInfo.InvariantCulture, rule.Feedback, broken),
                    rule.FaultAbove ? values.Max() : values.Min(), rule.Threshold));
        }
        return new Hold(key == 0 ? null : key, _position.Exercise, start.Frame, end.Frame, start.Time, end.Time, faults);
    }
}
