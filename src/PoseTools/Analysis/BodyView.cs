using PoseTools.Results;

namespace PoseTools.Analysis;

/// <summary>Where the camera sees a person from; a form rule can be judged only from some views.</summary>
public enum BodyView
{
    /// <summary>Not enough of the shoulders seen to tell.</summary>
    Unknown,
    /// <summary>From the side: the shoulders overlap in the image.</summary>
    Side,
    /// <summary>From the front: the shoulders spread across the image, the face towards the camera.</summary>
    Front,
    /// <summary>From behind: as <see cref="Front"/>, the face away from the camera.</summary>
    Back,
    /// <summary>Between side and front or back.</summary>
    Oblique,
}

/// <summary>
/// Tells a person's <see cref="BodyView"/>: from the image, how wide the shoulders look against the torso's length
/// (they overlap from the side and spread from the front), and from the world landmarks, which way the nose points.
/// The 3D shoulder line alone is not reliable: at the bottom of a side-view barbell squat it turns towards the camera.
/// </summary>
public static class BodyViews
{
    /// <summary>Shoulder width over torso length below which a person is seen from the side (measured: 0.05–0.25 in the side-view clips).</summary>
    public const double SideWidth = 0.35;

    /// <summary>Shoulder width over torso length above which a person is seen from the front or back (0.6–0.9 in those clips).</summary>
    public const double FrontWidth = 0.55;

    /// <summary>How wide the shoulders look against the torso's length, in the image; NaN when not seen.</summary>
    public static double ShoulderWidth(Pose pose)
    {
        var l = pose.Landmarks;
        if (Math.Min(l[PoseLandmark.LeftShoulder].Presence, l[PoseLandmark.RightShoulder].Presence) < 0.5f) return double.NaN;
        double shoulderX = (l[PoseLandmark.LeftShoulder].PixelX + l[PoseLandmark.RightShoulder].PixelX) / 2, shoulderY = (l[PoseLandmark.LeftShoulder].PixelY + l[PoseLandmark.RightShoulder].PixelY) / 2;
        double hipX = (l[PoseLandmark.LeftHip].PixelX + l[PoseLandmark.RightHip].PixelX) / 2, hipY = (l[PoseLandmark.LeftHip].PixelY + l[PoseLandmark.RightHip].PixelY) / 2;
        double torso = Math.Sqrt((shoulderX - hipX) * (shoulderX - hipX) + (shoulderY - hipY) * (shoulderY - hipY));
        double width = Math.Sqrt(Math.Pow(l[PoseLandmark.LeftShoulder].PixelX - l[PoseLandmark.RightShoulder].PixelX, 2) + Math.Pow(l[PoseLandmark.LeftShoulder].PixelY - l[PoseLandmark.RightShoulder].PixelY, 2));
        return torso < 1 ? double.NaN : width / torso;
    }

    /// <summary>The view of one pose.</summary>
    public static BodyView Of(Pose pose)
    {
        double width = ShoulderWidth(pose);
        if (double.IsNaN(width)) return BodyView.Unknown;
        if (width < SideWidth) return BodyView.Side;
        if (width < FrontWidth) return BodyView.Oblique;
        // World z grows away from the camera: a nose in front of the shoulders faces the camera.
        var w = pose.WorldLandmarks;
        double noseAhead = w[PoseLandmark.Nose].Z - (w[PoseLandmark.LeftShoulder].Z + w[PoseLandmark.RightShoulder].Z) / 2;
        return noseAhead < 0 ? BodyView.Front : BodyView.Back;
    }

    /// <summary>The view most of the poses show (a turn of the head in one frame does not change it).</summary>
    public static BodyView Of(IEnumerable<Pose> poses) =>
        poses.Select(Of).Where(v => v != BodyView.Unknown).GroupBy(v => v).OrderByDescending(g => g.Count()).Select(g => g.Key).FirstOrDefault();
}
