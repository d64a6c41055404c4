using System.Management.Automation;
using PoseTools.Analysis;
using PoseTools.Results;

namespace PoseTools.PowerShell;

/// <summary>Get-PoseExercise: which exercise each person in a clip does, from posture and joint motion.</summary>
[Cmdlet(VerbsCommon.Get, "PoseExercise")]
[OutputType(typeof(ExerciseRecognition))]
public sealed class GetPoseExerciseCommand : PSCmdlet
{
    [Parameter(Mandatory = true, ValueFromPipeline = true)]
    [ValidateNotNull]
    public PoseResult InputObject { get; set; } = null!;

    private readonly List<PoseResult> _frames = [];

    protected override void ProcessRecord()
    {
        if (InputObject.FrameIndex is null)
            WriteWarning($"{InputObject.Source} is a photo, not a video frame: an exercise is recognised over frames of one video.");
        // Only the poses are kept (not the images): a long clip costs a few kilobytes per frame.
        _frames.Add(InputObject);
    }

    protected override void EndProcessing()
    {
        var recognitions = ExerciseRecognizer.Recognize(_frames);
        if (recognitions.Count == 0) WriteVerbose($"Nobody was seen in {ExerciseRecognizer.MinFrames} frames or more.");
        foreach (var recognition in recognitions) WriteObject(recognition);
    }
}
