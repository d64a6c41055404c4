using System.Management.Automation;
using PoseTools.Analysis;
using PoseTools.Results;

namespace PoseTools.PowerShell;

/// <summary>Measure-PoseHold: finds the holds of a static exercise (plank, side plank, wall sit) in a stream of video results.</summary>
[Cmdlet(VerbsDiagnostic.Measure, "PoseHold")]
[OutputType(typeof(Hold))]
public sealed class MeasurePoseHoldCommand : PSCmdlet
{
    [Parameter(Mandatory = true, ValueFromPipeline = true)]
    [ValidateNotNull]
    public PoseResult InputObject { get; set; } = null!;

    /// <summary>The held exercise: Plank, SidePlank or WallSit. Without it, each person's exercise is recognised first (Get-PoseExercise), which needs the whole clip before the first result.</summary>
    [Parameter(Position = 0)]
    public Exercise Exercise { get; set; }

    /// <summary>Form thresholds by rule name (HipsSagging, HipsPiked in body lengths above the shoulder–ankle line; HipsTooHigh in degrees).</summary>
    [Parameter]
    [ValidateNotNull]
    public System.Collections.Hashtable? FormThreshold { get; set; }

    /// <summary>How long the position may be lost before the hold counts as broken, in seconds.</summary>
    [Parameter]
    [ValidateRange(0.0, 60.0)]
    public double Tolerance { get; set; } = 0.5;

    private HoldTracker? _tracker;
    private readonly List<PoseResult> _unrecognised = [];

    protected override void BeginProcessing()
    {
        if (!MyInvocation.BoundParameters.ContainsKey(nameof(Exercise))) return;   // recognised at the end
        try
        {
            _tracker = new HoldTracker(Exercise, TimeSpan.FromSeconds(Tolerance), FormThresholds.From(FormThreshold));
        }
        catch (ArgumentException e)
        {
            ThrowTerminatingError(new ErrorRecord(e, "InvalidExercise", ErrorCategory.InvalidArgument, Exercise));
        }
    }

    protected override void ProcessRecord()
    {
        if (InputObject.FrameIndex is null)
            WriteWarning($"{InputObject.Source} is a photo, not a video frame: holds are measured over frames of one video.");
        if (_tracker is null) _unrecognised.Add(InputObject);
        else foreach (var hold in _tracker.Add(InputObject)) WriteObject(hold);
    }

    protected override void EndProcessing()
    {
        if (_tracker is not null)
        {
            foreach (var hold in _tracker.Flush()) WriteObject(hold);
            return;
        }
        // Without -Exercise: each person's exercise from the whole clip; holds for those holding one.
        try
        {
            foreach (var person in WorkoutAnalysis.Analyze(_unrecognised, formThresholds: FormThresholds.From(FormThreshold), holdTolerance: TimeSpan.FromSeconds(Tolerance)))
            {
                WriteVerbose($"Person {person.PersonId}: {person.Exercise} ({person.Recognition?.Evidence}).");
                foreach (var hold in person.Holds) WriteObject(hold);
            }
        }
        catch (ArgumentException e)
        {
            ThrowTerminatingError(new ErrorRecord(e, "InvalidExercise", ErrorCategory.InvalidArgument, FormThreshold));
        }
    }
}
