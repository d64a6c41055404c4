using System.Management.Automation;
using PoseTools.Analysis;
using PoseTools.Results;

namespace PoseTools.PowerShell;

/// <summary>Find-PoseFall: finds falls — a rapid drop of hips and shoulders ending with the torso near horizontal.</summary>
[Cmdlet(VerbsCommon.Find, "PoseFall")]
[OutputType(typeof(FallEvent))]
public sealed class FindPoseFallCommand : PSCmdlet
{
    [Parameter(Mandatory = true, ValueFromPipeline = true)]
    [ValidateNotNull]
    public PoseResult InputObject { get; set; } = null!;

    /// <summary>Only report falls at least this confident (0–1).</summary>
    [Parameter]
    [ValidateRange(0.0, 1.0)]
    public double MinConfidence { get; set; }

    /// <summary>How far the hips must drop, in torso lengths (default 0.6).</summary>
    [Parameter]
    [ValidateRange(0.1, 5.0)]
    public double MinDescent { get; set; } = 0.6;

    /// <summary>How far from upright the torso must end, in degrees (default 60).</summary>
    [Parameter]
    [ValidateRange(10.0, 90.0)]
    public double MinTorsoAngle { get; set; } = 60;

    private FallDetector _detector = null!;

    protected override void BeginProcessing() =>
        _detector = new FallDetector(new FallCriteria { MinDescent = MinDescent, MinTorsoAngle = MinTorsoAngle });

    protected override void ProcessRecord()
    {
        foreach (var fall in _detector.Add(InputObject).Where(f => f.Confidence >= MinConfidence))
            WriteObject(fall);
    }
}
