using System.Management.Automation;
using PoseTools.Analysis;
using PoseTools.Results;

namespace PoseTools.PowerShell;

/// <summary>Measure-PoseRepetition: counts the repetitions of an exercise in a stream of video results.</summary>
[Cmdlet(VerbsDiagnostic.Measure, "PoseRepetition", DefaultParameterSetName = ExerciseSet)]
[OutputType(typeof(Repetition))]
public sealed class MeasurePoseRepetitionCommand : PSCmdlet
{
    private const string ExerciseSet = "Exercise", JointSet = "Joint";

    [Parameter(Mandatory = true, ValueFromPipeline = true)]
    [ValidateNotNull]
    public PoseResult InputObject { get; set; } = null!;

    /// <summary>A preset: joints, better-visible side, angle space and thresholds. Without it, each person's exercise is recognised first (Get-PoseExercise), which needs the whole clip before the first result.</summary>
    [Parameter(Position = 0, ParameterSetName = ExerciseSet)]
    public Exercise Exercise { get; set; }

    /// <summary>Form rule thresholds by rule name, over the built-in ones (e.g. @{ KneesPastToes = 0.4 }).</summary>
    [Parameter(ParameterSetName = ExerciseSet)]
    [ValidateNotNull]
    public System.Collections.Hashtable? FormThreshold { get; set; }

    /// <summary>Count on this joint's angle instead, with your own -Low and -High thresholds.</summary>
    [Parameter(Mandatory = true, ParameterSetName = JointSet)]
    public Joint Joint { get; set; }

    /// <summary>The turn threshold for a dip (or the start threshold for a rise), in degrees.</summary>
    [Parameter(Mandatory = true, ParameterSetName = JointSet)]
    [ValidateRange(0.0, 180.0)]
    public double Low { get; set; }

    /// <summary>The start threshold for a dip (or the turn threshold for a rise), in degrees.</summary>
    [Parameter(Mandatory = true, ParameterSetName = JointSet)]
    [ValidateRange(0.0, 180.0)]
    public double High { get; set; }

    /// <summary>DipFromHigh (start extended: squat, curl) or RiseFromLow (start closed: raising arms).</summary>
    [Parameter(ParameterSetName = JointSet)]
    public RepetitionDirection Direction { get; set; } = RepetitionDirection.DipFromHigh;

    /// <summary>Measure the joint angle in the image (2D) or in world coordinates (3D).</summary>
    [Parameter(ParameterSetName = JointSet)]
    public AngleSpace Space { get; set; } = AngleSpace.Image;

    private RepetitionTracker? _tracker;
    private readonly Dictionary<int, int> _counts = [];
    private readonly List<PoseResult> _unrecognised = [];
    private bool Recognising => ParameterSetName == ExerciseSet && !MyInvocation.BoundParameters.ContainsKey(nameof(Exercise));

    protected override void BeginProcessing()
    {
        if (Recognising) return;
        try
        {
            _tracker = ParameterSetName == ExerciseSet
                ? RepetitionTracker.For(Exercise, FormThresholds.From(FormThreshold))
                : RepetitionTracker.For(Joint, new RepetitionThresholds(Low, High, Direction), Space);
        }
        catch (ArgumentException e)
        {
            ThrowTerminatingError(new ErrorRecord(e, "InvalidThresholds", ErrorCategory.InvalidArgument, FormThreshold is null ? $"{Low}..{High}" : FormThreshold));
        }
    }

    protected override void ProcessRecord()
    {
        if (InputObject.FrameIndex is null)
            WriteWarning($"{InputObject.Source} is a photo, not a video frame: repetitions are counted over frames of one video.");
        if (Recognising) _unrecognised.Add(InputObject);
        else Emit(_tracker!.Add(InputObject));
    }

    // Without -Exercise: each person's exercise from the whole clip, then that person's frames counted with its preset.
    private IEnumerable<Repetition> CountRecognised()
    {
        foreach (var workout in WorkoutAnalysis.Analyze(_unrecognised, formThresholds: FormThresholds.From(FormThreshold)))
        {
            var recognition = workout.Recognition!;
            WriteVerbose(ExercisePreset.IsCounted(workout.Exercise)
                ? $"Person {recognition.PersonId}: {recognition.Exercise}, confidence {recognition.Confidence:F2} ({recognition.Evidence})."
                : $"Person {recognition.PersonId}: {recognition.Exercise} ({recognition.Evidence}): no repetitions to count.");
            foreach (var repetition in workout.Repetitions) yield return repetition;
        }
    }

    private void Emit(IEnumerable<Repetition> repetitions)
    {
        foreach (var repetition in repetitions)
        {
            _counts[repetition.PersonId ?? 0] = repetition.Index;
            WriteObject(repetition);
        }
    }

    protected override void EndProcessing()
    {
        try
        {
            Emit(Recognising ? CountRecognised() : _tracker!.Flush());
        }
        catch (ArgumentException e)
        {
            ThrowTerminatingError(new ErrorRecord(e, "InvalidThresholds", ErrorCategory.InvalidArgument, FormThreshold));
        }
        foreach (var (person, count) in _counts) WriteVerbose($"Person {person}: {count} repetition(s).");
        if (_counts.Count == 0) WriteVerbose("No complete repetition.");
    }
}
