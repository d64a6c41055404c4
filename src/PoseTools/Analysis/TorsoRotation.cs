using System.Numerics;
using PoseTools.Results;

namespace PoseTools.Analysis;

/// <summary>
/// How far the shoulders are turned against the hips, from the world landmarks (metres, so the camera's view does
/// not matter): the angle between the shoulder line and the hip line, seen along the trunk (hips' middle to
/// shoulders' middle). It stays meaningful when the trunk leans back, as in a seated russian twist, where the angle
/// in the ground plane would shrink.
/// </summary>
public static class TorsoRotation
{
    /// <summary>
    /// Degrees, signed: positive when the shoulders turn towards the body's right (the left shoulder comes forward),
    /// negative towards its left, 0 when square to the hips; NaN when the trunk has no length.
    /// </summary>
    public static double Degrees(Pose pose)
    {
        var w = pose.WorldLandmarks;
        Vector3 At(PoseLandmark landmark) => new(w[landmark].X, w[landmark].Y, w[landmark].Z);
        var shoulders = At(PoseLandmark.LeftShoulder) - At(PoseLandmark.RightShoulder);
        var hips = At(PoseLandmark.LeftHip) - At(PoseLandmark.RightHip);
        var trunk = (At(PoseLandmark.LeftShoulder) + At(PoseLandmark.RightShoulder) - At(PoseLandmark.LeftHip) - At(PoseLandmark.RightHip)) / 2;
        if (trunk.Length() < 1e-4f) return double.NaN;
        var axis = Vector3.Normalize(trunk);
        // Both lines seen along the trunk: their parts along it (a shrug, a side bend) do not count as turning.
        var a = shoulders - Vector3.Dot(shoulders, axis) * axis;
        var b = hips - Vector3.Dot(hips, axis) * axis;
        if (a.Length() < 1e-4f || b.Length() < 1e-4f) return double.NaN;
        // Negated so that the left shoulder coming forward (a turn to the body's right) is positive: world y points down.
        return -Math.Atan2(Vector3.Dot(Vector3.Cross(b, a), axis), Vector3.Dot(a, b)) * 180 / Math.PI;
    }

    /// <summary>The size of the turn, either way (0–180°): what russian twists are counted on.</summary>
    public static double Magnitude(Pose pose) => Math.Abs(Degrees(pose));
}
