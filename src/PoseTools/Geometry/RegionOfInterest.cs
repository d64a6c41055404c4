namespace PoseTools.Geometry;

/// <summary>
/// The rotated square the landmark model looks at, in normalised image coordinates (MediaPipe's NormalizedRect):
/// centre, width and height as fractions of the image, rotation in radians (clockwise in image space).
/// </summary>
public sealed record RegionOfInterest(float CenterX, float CenterY, float Width, float Height, float Rotation)
{
    /// <summary>Scale applied to the alignment box (pose_detection_to_roi / pose_landmarks_to_roi: 1.25).</summary>
    public const float Enlargement = 1.25f;
    private const float TargetAngle = MathF.PI / 2; // the hip → scale-point vector should point up (90°)

    /// <summary>The region from two alignment points — a detection's keypoints, or in tracking the two auxiliary
    /// landmarks (33: body centre, 34: scale point) of the previous frame.</summary>
    public static RegionOfInterest FromAlignmentPoints(NormalizedPoint center, NormalizedPoint scale, int imageWidth, int imageHeight)
    {
        float x0 = center.X * imageWidth, y0 = center.Y * imageHeight;
        float x1 = scale.X * imageWidth, y1 = scale.Y * imageHeight;
        float boxSize = MathF.Sqrt((x1 - x0) * (x1 - x0) + (y1 - y0) * (y1 - y0)) * 2f;
        float rotation = NormalizeRadians(TargetAngle - MathF.Atan2(-(y1 - y0), x1 - x0));

        float width = boxSize / imageWidth, height = boxSize / imageHeight;
        float longSide = MathF.Max(width * imageWidth, height * imageHeight);
        return new RegionOfInterest(x0 / imageWidth, y0 / imageHeight,
            longSide / imageWidth * Enlargement, longSide / imageHeight * Enlargement, rotation);
    }

    /// <summary>Angle wrapped into [-π, π).</summary>
    public static float NormalizeRadians(float angle) =>
        angle - 2 * MathF.PI * MathF.Floor((angle - (-MathF.PI)) / (2 * MathF.PI));

    /// <summary>This region in pixels.</summary>
    public PixelRegion ToPixels(int imageWidth, int imageHeight) =>
        new(CenterX * imageWidth, CenterY * imageHeight, Width * imageWidth, Height * imageHeight, Rotation);
}

/// <summary>A rotated rectangle in pixel units (centre, size, rotation in radians).</summary>
public readonly record struct PixelRegion(float CenterX, float CenterY, float Width, float Height, float Rotation)
{
    /// <summary>The whole image, unrotated.</summary>
    public static PixelRegion WholeImage(int width, int height) => new(0.5f * width, 0.5f * height, width, height, 0);

    /// <summary>
    /// Widens the region to the tensor's aspect ratio (MediaPipe's PadRoi with keep_aspect_ratio) and returns the
    /// letterbox padding as fractions of the tensor: (left, top, right, bottom).
    /// </summary>
    public (PixelRegion Padded, LetterboxPadding Padding) PadToAspect(int tensorWidth, int tensorHeight)
    {
        float tensorAspect = (float)tensorHeight / tensorWidth;
        float roiAspect = Height / Width;
        if (tensorAspect > roiAspect)
        {
            float vertical = (1f - roiAspect / tensorAspect) / 2f;
            return (this with { Height = Width * tensorAspect }, new LetterboxPadding(0, vertical, 0, vertical));
        }
        float horizontal = (1f - tensorAspect / roiAspect) / 2f;
        return (this with { Width = Height / tensorAspect }, new LetterboxPadding(horizontal, 0, horizontal, 0));
    }
}

/// <summary>Letterbox bands added around an image in a tensor, as fractions of the tensor's size.</summary>
public readonly record struct LetterboxPadding(float Left, float Top, float Right, float Bottom)
{
    /// <summary>Maps a point from the padded tensor's normalised space back to the unpadded content's.</summary>
    public NormalizedPoint Remove(NormalizedPoint p) =>
        new((p.X - Left) / (1f - Left - Right), (p.Y - Top) / (1f - Top - Bottom));
}
