using PoseTools.Models;
using PoseTools.Geometry;

namespace PoseTools.Results;

/// <summary>Milliseconds spent in each stage for one image (decode is 0 when a decoded image was given).</summary>
public sealed record PoseTimings(double Decode, double Detect, double Crop, double Landmark, double Assemble)
{
    /// <summary>All stages together, in milliseconds.</summary>
    public double Total => Decode + Detect + Crop + Landmark + Assemble;
}

/// <summary>A segmentation mask: per-pixel probability (0..1) that the pixel belongs to the person, image-sized.</summary>
public sealed record SegmentationMask(int Width, int Height, float[] Probabilities)
{
    /// <summary>The probability at pixel (x, y).</summary>
    public float this[int x, int y] => Probabilities[y * Width + x];
}

/// <summary>
/// One person. <see cref="Presence"/> is the landmark model's pose presence (0..1: how sure it is that a person is in its
/// region; the same quantity <c>MinPresenceConfidence</c> is compared with, and "score" in the exports); <see cref="BodyBox"/> encloses the 33
/// landmarks, clipped to the image, in normalised coordinates; <see cref="PersonId"/> is set by video tracking.
/// </summary>
public sealed record Pose(
    float Presence,
    float DetectionScore,
    NormalizedBox BodyBox,
    PoseLandmarks<Landmark> Landmarks,
    PoseLandmarks<WorldLandmark> WorldLandmarks,
    RegionOfInterest Region,
    IReadOnlyList<NormalizedPoint> AuxiliaryLandmarks,
    SegmentationMask? Mask = null,
    int? PersonId = null);

/// <summary>
/// Everything found in one image (or video frame). "No person" is a result with no poses, not an error.
/// </summary>
public sealed record PoseResult(
    string Source,
    int Width,
    int Height,
    ModelComplexity ModelComplexity,
    IReadOnlyList<Pose> Poses,
    PoseTimings Timings,
    long? FrameIndex = null,
    TimeSpan? Timestamp = null)
{
    /// <summary>Total milliseconds for this image.</summary>
    public double Milliseconds => Timings.Total;
    /// <summary>The number of people found.</summary>
    public int PoseCount => Poses.Count;
}
