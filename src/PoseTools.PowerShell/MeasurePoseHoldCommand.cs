using System.Management.Automation;
using PoseTools.Analysis;
using PoseTools.Results;

namespace PoseTools.PowerShell;

/// <summary>Measure-PoseHold: finds the holds of a static exercise (the plank) in a stream of video results.</summary>
[Cmdlet(VerbsDiagnostic.Measure, "PoseHold")]
[OutputType(typeof(Hold))]
public sealed class MeasurePoseHoldCommand : PSCmdlet
{
    [Parameter(Mandatory = true, ValueFromPipeline = true)]
    [ValidateNotNull]
    public PoseResult InputObject { get; set; } = null!;

    /// <summary>The held exercise: Plank (the only one so far, and the default).</summary>
    [Parameter(Position = 0)]
    public Exercise Exercise { get; set; } = Exercise.Plank;

    /// <summary>Form thresholds by rule name (HipsSagging, HipsPiked), in body lengths above the shoulder–ankle line.</summary>
    [Parameter]
    [ValidateNotNull]
    public System.Collections.Hashtable? FormThreshold { get; set; }

    /// <summary>How long the position may be lost before the hold counts as broken, in seconds.</summary>
    [Parameter]
    [ValidateRange(0.0, 60.0)]
    public double Tolerance { get; set; } = 0.5;

    private HoldTracker _tracker = null!;

    protected override void BeginProcessing()
    {
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
        foreach (var hold in _tracker.Add(InputObject)) WriteObject(hold);
    }

    protected override void EndProcessing()
    {
        foreach (var hold in _tracker.Flush()) WriteObject(hold);
    }
}
