using System.Management.Automation;
using PoseTools.Analysis;
using PoseTools.Results;

namespace PoseTools.PowerShell;

/// <summary>Measure-PoseAngle: the angle at a joint (e.g. LeftKnee = hip–knee–ankle) or at any landmark between two others.</summary>
[Cmdlet(VerbsDiagnostic.Measure, "PoseAngle", DefaultParameterSetName = JointSet)]
[OutputType(typeof(JointAngle))]
public sealed class MeasurePoseAngleCommand : PSCmdlet
{
    private const string JointSet = "Joint", LandmarkSet = "Landmark";

    [Parameter(Mandatory = true, ValueFromPipeline = true)]
    [ValidateNotNull]
    public PoseResult InputObject { get; set; } = null!;

    /// <summary>One or more named joints.</summary>
    [Parameter(Mandatory = true, Position = 0, ParameterSetName = JointSet)]
    public Joint[] Joint { get; set; } = [];

    /// <summary>Three landmarks; the angle is measured at the second.</summary>
    [Parameter(Mandatory = true, ParameterSetName = LandmarkSet)]
    [ValidateCount(3, 3)]
    public PoseLandmark[] Landmark { get; set; } = [];

    /// <summary>Image: 2D, in pixels of the photo. World: 3D, from the world landmarks.</summary>
    [Parameter]
    public AngleSpace Space { get; set; } = AngleSpace.Image;

    protected override void ProcessRecord()
    {
        if (ParameterSetName == LandmarkSet)
        {
            string name = string.Join("-", Landmark);
            WriteObject(JointAngles.Measure(InputObject, name, Landmark[0], Landmark[1], Landmark[2], Space), enumerateCollection: true);
            return;
        }
        foreach (var joint in Joint)
        {
            var (a, b, c) = JointAngles.Landmarks(joint);
            WriteObject(JointAngles.Measure(InputObject, joint.ToString(), a, b, c, Space), enumerateCollection: true);
        }
    }
}
