using PoseTools.Results;

namespace PoseTools.Analysis;

/// <summary>
/// The landmarks of one side of the body. Seen from the side, the far side is hidden behind the near one and its
/// landmarks are guesses; rules measured in the image use <see cref="BetterSeen"/>.
/// </summary>
internal sealed record BodySide(PoseLandmark Shoulder, PoseLandmark Elbow, PoseLandmark Wrist, PoseLandmark Hip, PoseLandmark Knee, PoseLandmark Ankle,
    PoseLandmark Heel, PoseLandmark Toe)
{
    public static BodySide Left { get; } = new(PoseLandmark.LeftShoulder, PoseLandmark.LeftElbow, PoseLandmark.LeftWrist, PoseLandmark.LeftHip,
        PoseLandmark.LeftKnee, PoseLandmark.LeftAnkle, PoseLandmark.LeftHeel, PoseLandmark.LeftFootIndex);

    public static BodySide Right { get; } = new(PoseLandmark.RightShoulder, PoseLandmark.RightElbow, PoseLandmark.RightWrist, PoseLandmark.RightHip,
        PoseLandmark.RightKnee, PoseLandmark.RightAnkle, PoseLandmark.RightHeel, PoseLandmark.RightFootIndex);

    /// <summary>The side whose leg (hip, knee, ankle, toes) the camera sees better.</summary>
    public static BodySide BetterSeen(Pose pose) => Visibility(pose, Left) >= Visibility(pose, Right) ? Left : Right;

    private static float Visibility(Pose pose, BodySide side)
    {
        var l = pose.Landmarks;
        return l[side.Hip].Visibility + l[side.Knee].Visibility + l[side.Ankle].Visibility + l[side.Toe].Visibility;
    }
}
