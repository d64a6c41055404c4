using PoseTools.Geometry;
using PoseTools.Results;

namespace PoseTools.Tests.Video;

/// <summary>Poses built from given landmark positions, for rules whose geometry a test states exactly.</summary>
internal static class SyntheticPose
{
    /// <summary>Pixel size of the square image the poses are in.</summary>
    public const int Size = 1000;

    /// <summary>
    /// A fully visible pose with the given pixel positions (the rest at the centre); world landmarks where given
    /// (metres; the rest at 0), with the nose ahead of the shoulders (towards the camera) when facingCamera.
    /// </summary>
    public static Pose At(Dictionary<PoseLandmark, (float X, float Y)> pixels, Dictionary<PoseLandmark, (float X, float Y, float Z)>? world = null, bool facingCamera = true)
    {
        var landmarks = Enum.GetValues<PoseLandmark>().Select(n =>
        {
            var (x, y) = pixels.TryGetValue(n, out var p) ? p : (500f, 500f);
            return new Landmark(n, x / Size, y / Size, 0, 1, 1, x, y);
        });
        var worldLandmarks = Enum.GetValues<PoseLandmark>().Select(n =>
            world is not null && world.TryGetValue(n, out var w) ? new WorldLandmark(n, w.X, w.Y, w.Z, 1, 1)
            : new WorldLandmark(n, 0, 0, n == PoseLandmark.Nose ? (facingCamera ? -0.1f : 0.1f) : 0, 1, 1));
        return new Pose(1, 1, new NormalizedBox(0, 0, 1, 1), new PoseLandmarks<Landmark>(landmarks), new PoseLandmarks<WorldLandmark>(worldLandmarks),
            new RegionOfInterest(0.5f, 0.5f, 1, 1, 0), []);
    }
}
