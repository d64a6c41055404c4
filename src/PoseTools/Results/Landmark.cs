namespace PoseTools.Results;

/// <summary>Anything with a landmark name and visibility/presence, so the landmark list can serve both kinds.</summary>
public interface INamedLandmark
{
    /// <summary>Which landmark this is.</summary>
    PoseLandmark Name { get; }
    /// <summary>Probability (0–1) that the landmark is visible, not occluded.</summary>
    float Visibility { get; }
    /// <summary>Probability (0–1) that the landmark is inside the frame.</summary>
    float Presence { get; }
}

/// <summary>
/// One image landmark. X and Y are normalised to the image (0..1, may fall outside for points beyond the edge),
/// Z is depth relative to the hips at roughly the scale of X (smaller = nearer the camera); Visibility and
/// Presence are probabilities. PixelX/PixelY are X and Y in pixels of the (orientation-corrected) image.
/// </summary>
public sealed record Landmark(PoseLandmark Name, float X, float Y, float Z, float Visibility, float Presence, float PixelX, float PixelY)
    : INamedLandmark
{
    /// <summary>Name, pixel position and visibility.</summary>
    public override string ToString() => $"{Name} ({PixelX:F1}, {PixelY:F1}) vis {Visibility:F2}";
}

/// <summary>One world landmark: metres, origin at the centre between the hips, Y pointing down.</summary>
public sealed record WorldLandmark(PoseLandmark Name, float X, float Y, float Z, float Visibility, float Presence) : INamedLandmark
{
    /// <summary>Name and position in metres.</summary>
    public override string ToString() => $"{Name} ({X:F3}, {Y:F3}, {Z:F3}) m";
}
