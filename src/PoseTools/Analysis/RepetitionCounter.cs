namespace PoseTools.Analysis;

/// <summary>Whether a repetition starts with the joint extended (angle high: squat, push-up, curl) or closed (jumping jack arms).</summary>
public enum RepetitionDirection
{
    /// <summary>The angle starts high and dips (a squat's knee, a push-up's elbow).</summary>
    DipFromHigh,
    /// <summary>The angle starts low and rises (a jumping jack's shoulder).</summary>
    RiseFromLow,
}

/// <summary>
/// Hysteresis thresholds on a joint angle: a repetition leaves the start zone (beyond <see cref="High"/> for a dip),
/// reaches the turn zone (beyond <see cref="Low"/>) and comes back to the start zone. Between the two thresholds
/// nothing changes state, so noise smaller than their gap cannot count twice.
/// </summary>
public sealed record RepetitionThresholds(double Low, double High, RepetitionDirection Direction = RepetitionDirection.DipFromHigh)
{
    /// <summary>Throws when the thresholds cannot count: the start zone must lie beyond the turn threshold in the direction of movement.</summary>
    public void Validate()
    {
        if (!(Low < High)) throw new ArgumentException($"the low threshold ({Low}°) must be below the high one ({High}°)");
        if (Low < 0 || High > 180) throw new ArgumentException("angle thresholds are degrees between 0 and 180");
    }
}

/// <summary>One completed repetition.</summary>
public sealed record Repetition(
    int? PersonId,
    int Index,
    string Movement,
    long StartFrame,
    long EndFrame,
    TimeSpan? StartTime,
    TimeSpan? EndTime,
    double ExtremeAngle,
    long ExtremeFrame)
{
    /// <summary>How long the repetition took, when the frames carry timestamps.</summary>
    public TimeSpan? Duration => EndTime - StartTime;

    /// <summary>What the exercise's form rules say (<see cref="FormRules"/>): view, faults, rules judged and skipped.</summary>
    public FormAssessment Form { get; init; } = FormAssessment.None;

    /// <summary>The faults found, by rule name; empty when the form is good (or the exercise has no rules: see <see cref="FormAssessment.Judged"/>).</summary>
    public IReadOnlyList<string> Faults => Form.Faults.Select(f => f.Rule).ToList();

    /// <summary>One sentence per fault, for the athlete.</summary>
    public IReadOnlyList<string> Feedback => Form.Faults.Select(f => f.Feedback).ToList();
}

/// <summary>
/// Counts repetitions in one angle signal (one person, one joint). Feed samples in order; a repetition is reported
/// when the movement has come back to its start position, so a cycle cut off by the end of the clip never counts,
/// and one that turns back before reaching the turn zone (a partial rep) does not either. The angle is first passed
/// through a running median (5 samples by default: single-frame pose glitches vanish, a real turn is delayed by two
/// frames), and frames and the extreme angle refer to that median signal. Call <see cref="Flush"/> at the end of
/// the stream for the last samples still in the median window.
/// </summary>
public sealed class RepetitionCounter
{
    private enum Phase { WaitingForStart, AtStart, Leaving, Turned }

    private readonly RepetitionThresholds _thresholds;
    private readonly string _movement;
    private readonly int? _personId;
    private Phase _phase = Phase.WaitingForStart;
    private long _lastStartFrame, _extremeFrame;
    private TimeSpan? _lastStartTime;
    private double _extreme;
    private int _count;
    private readonly int _medianWindow;
    private readonly List<(long Frame, TimeSpan? Time, double Degrees)> _window = [];
    private int _nextCentre;

    /// <summary>A counter for one person's angle stream: thresholds, a name for the movement, the person and the running-median window (frames).</summary>
    public RepetitionCounter(RepetitionThresholds thresholds, string movement = "", int? personId = null, int medianWindow = 5)
    {
        thresholds.Validate();
        if (medianWindow < 1 || medianWindow % 2 == 0) throw new ArgumentOutOfRangeException(nameof(medianWindow), "the median window is an odd number of samples");
        _medianWindow = medianWindow;
        _thresholds = thresholds;
        _movement = movement;
        _personId = personId;
    }

    /// <summary>Repetitions completed so far.</summary>
    public int Count => _count;

    /// <summary>Adds one sample (NaN = joint not seen in this frame, ignored). Returns the repetition it completes, if any.</summary>
    public Repetition? Add(long frame, TimeSpan? time, double degrees)
    {
        if (double.IsNaN(degrees)) return null;
        _window.Add((frame, time, degrees));
        int half = _medianWindow / 2;
        if (_window.Count < _medianWindow) return null;
        var result = StepMedian(half);
        _window.RemoveAt(0);
        _nextCentre = half;   // the next sample to step, in the shifted window
        return result;
    }

    /// <summary>Feeds the samples still waiting in the median window (with a shrinking window) at the end of a stream.</summary>
    public IReadOnlyList<Repetition> Flush()
    {
        var completed = new List<Repetition>();
        // Centres not yet stepped: those after the last full window's centre (all of them if no window filled).
        for (int centre = _nextCentre; centre < _window.Count; centre++)
            if (StepMedian(centre) is { } repetition) completed.Add(repetition);
        _window.Clear();
        _nextCentre = 0;
        return completed;
    }

    private Repetition? StepMedian(int centre)
    {
        int reach = Math.Min(centre, _window.Count - 1 - centre);
        var values = new double[2 * reach + 1];
        for (int i = 0; i < values.Length; i++) values[i] = _window[centre - reach + i].Degrees;
        Array.Sort(values);
        var sample = _window[centre];
        return Step(sample.Frame, sample.Time, values[reach]);
    }

    private Repetition? Step(long frame, TimeSpan? time, double degrees)
    {
        // Work on a "depth" that grows into the turn zone, so both directions share one machine.
        bool dip = _thresholds.Direction == RepetitionDirection.DipFromHigh;
        double depth = dip ? -degrees : degrees;
        double start = dip ? -_thresholds.High : _thresholds.Low, turn = dip ? -_thresholds.Low : _thresholds.High;
        bool inStart = depth <= start, inTurn = depth >= turn;

        switch (_phase)
        {
            case Phase.WaitingForStart:
            case Phase.AtStart:
                if (inStart)
                {
                    _phase = Phase.AtStart;
                    _lastStartFrame = frame;
                    _lastStartTime = time;
                }
                else if (_phase == Phase.AtStart)
                {
                    _phase = inTurn ? Phase.Turned : Phase.Leaving;
                    _extreme = depth;
                    _extremeFrame = frame;
                }
                break;
            case Phase.Leaving:
            case Phase.Turned:
                if (depth > _extreme) { _extreme = depth; _extremeFrame = frame; }
                if (inTurn) _phase = Phase.Turned;
                if (inStart)
                {
                    bool completed = _phase == Phase.Turned;
                    var repetition = completed
                        ? new Repetition(_personId, ++_count, _movement, _lastStartFrame, frame, _lastStartTime, time, dip ? -_extreme : _extreme, _extremeFrame)
                        : null;
                    _phase = Phase.AtStart;
                    _lastStartFrame = frame;
                    _lastStartTime = time;
                    return repetition;
                }
                break;
        }
        return null;
    }
}
