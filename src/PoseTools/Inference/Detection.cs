using PoseTools.Geometry;

namespace PoseTools.Inference;

/// <summary>
/// One person found by the BlazePose detector. The box is the detected face; the four keypoints are
/// 0 mid-hip centre, 1 a point whose distance and direction from 0 give the full-body size and rotation,
/// 2 mid-shoulder centre, 3 the same for the upper body.
/// </summary>
public sealed record Detection(float Score, NormalizedBox FaceBox, IReadOnlyList<NormalizedPoint> Keypoints)
{
    /// <summary>Keypoint 0: the centre between the hips.</summary>
    public NormalizedPoint HipCenter => Keypoints[0];
    /// <summary>Keypoint 1: its distance and direction from the hip centre give the body's size and rotation.</summary>
    public NormalizedPoint FullBodyScalePoint => Keypoints[1];

    /// <summary>The region the landmark model looks at for this person: from the hip centre and full-body scale point.</summary>
    public RegionOfInterest ToRegion(int imageWidth, int imageHeight) =>
        RegionOfInterest.FromAlignmentPoints(HipCenter, FullBodyScalePoint, imageWidth, imageHeight);
}
