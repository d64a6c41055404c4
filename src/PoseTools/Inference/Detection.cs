namespace PoseTools.Inference;

/// <summary>A point in normalised image coordinates (0..1 across the width and height).</summary>
public readonly record struct NormalizedPoint(float X, float Y);

/// <summary>An axis-aligned box in normalised image coordinates.</summary>
public readonly record struct NormalizedBox(float X, float Y, float Width, float Height)
{
    public float Right => X + Width;
    public float Bottom => Y + Height;
    public float Area => Math.Max(0, Width) * Math.Max(0, Height);

    public float IntersectionOverUnion(NormalizedBox other)
    {
        float w = Math.Min(Right, other.Right) - Math.Max(X, other.X);
        float h = Math.Min(Bottom, other.Bottom) - Math.Max(Y, other.Y);
        if (w <= 0 || h <= 0) return 0;
        float intersection = w * h;
        float union = Area + other.Area - intersection;
        return union > 0 ? intersection / union : 0;
    }
}

/// <summary>
/// One person found by the BlazePose detector. The box is the detected face; the four keypoints are
/// 0 mid-hip centre, 1 a point whose distance and direction from 0 give the full-body size and rotation,
/// 2 mid-shoulder centre, 3 the same for the upper body.
/// </summary>
public sealed record Detection(float Score, NormalizedBox Box, IReadOnlyList<NormalizedPoint> Keypoints)
{
    public NormalizedPoint HipCenter => Keypoints[0];
    public NormalizedPoint FullBodyScalePoint => Keypoints[1];
}
