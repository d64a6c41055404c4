using PoseTools.Results;

namespace PoseTools.Analysis;

/// <summary>A landmark's position in one frame (image-normalised, pixels and world metres).</summary>
public sealed record TrajectoryPoint(
    long? FrameIndex,
    TimeSpan? Timestamp,
    int? PersonId,
    PoseLandmark Landmark,
    float X,
    float Y,
    float Z,
    float PixelX,
    float PixelY,
    float WorldX,
    float WorldY,
    float WorldZ,
    float Visibility);

/// <summary>Coordinate of a trajectory point to plot or analyse.</summary>
public enum TrajectoryAxis
{
    /// <summary>Normalised x (0 left … 1 right).</summary>
    X,
    /// <summary>Normalised y (0 top … 1 bottom).</summary>
    Y,
    /// <summary>Depth relative to the hips, in the scale of x.</summary>
    Z,
    /// <summary>x in pixels.</summary>
    PixelX,
    /// <summary>y in pixels.</summary>
    PixelY,
    /// <summary>World x, metres from the hips' centre.</summary>
    WorldX,
    /// <summary>World y, metres (down is positive).</summary>
    WorldY,
    /// <summary>World z, metres (away from the camera is positive).</summary>
    WorldZ,
    /// <summary>The landmark's visibility (0–1).</summary>
    Visibility,
}

/// <summary>Trajectories: where a landmark of one person goes over a sequence of frames.</summary>
public static class Trajectories
{
    /// <summary>
    /// The landmark's positions, one per frame in which the person appears. <paramref name="personId"/> picks a tracked
    /// person; null takes the first pose of each frame (single-person clips).
    /// </summary>
    public static IEnumerable<TrajectoryPoint> Of(IEnumerable<PoseResult> results, PoseLandmark landmark, int? personId = null)
    {
        foreach (var result in results)
        {
            if (PoseOf(result, personId) is not { } pose) continue;
            var l = pose.Landmarks[landmark];
            var w = pose.WorldLandmarks[landmark];
            yield return new TrajectoryPoint(result.FrameIndex, result.Timestamp, pose.PersonId, landmark, l.X, l.Y, l.Z, l.PixelX, l.PixelY, w.X, w.Y, w.Z, l.Visibility);
        }
    }

    /// <summary>The person's pose in one frame: the tracked <paramref name="personId"/>, or the first pose when null; null when absent.</summary>
    public static Pose? PoseOf(PoseResult result, int? personId) =>
        personId is null ? result.Poses.FirstOrDefault() : result.Poses.FirstOrDefault(p => p.PersonId == personId);

    /// <summary>One axis of a trajectory point.</summary>
    public static double Value(this TrajectoryPoint p, TrajectoryAxis axis) => axis switch
    {
        TrajectoryAxis.X => p.X,
        TrajectoryAxis.Y => p.Y,
        TrajectoryAxis.Z => p.Z,
        TrajectoryAxis.PixelX => p.PixelX,
        TrajectoryAxis.PixelY => p.PixelY,
        TrajectoryAxis.WorldX => p.WorldX,
        TrajectoryAxis.WorldY => p.WorldY,
        TrajectoryAxis.WorldZ => p.WorldZ,
        _ => p.Visibility,
    };

    /// <summary>The people present in a sequence (null for untracked results).</summary>
    public static IReadOnlyList<int?> People(IEnumerable<PoseResult> results) =>
        results.SelectMany(r => r.Poses.Select(p => p.PersonId)).Distinct().Order().ToList();
}
