using PoseTools.Analysis;
using PoseTools.Results;

namespace PoseTools.Tests.Video;

/// <summary>
/// The fall detector on motion built from a real standing pose (found by the pipeline on a shared photo) moved
/// frame by frame — tipping over around the feet, lying down slowly, crouching — and on the shared exercise clips.
/// </summary>
public sealed class FallDetectorTests
{
    private const double Fps = 30;
    private static PoseResult Standing => TestEstimators.Result(1, "S1_Directions_1.54138969_000001.jpg");

    /// <summary>The standing pose tipped by <paramref name="degrees"/> around its ankles, scaled and shifted.</summary>
    private static Pose Moved(Pose pose, PoseResult image, double degrees, double scale = 1, double dropPixels = 0, int? personId = 1)
    {
        var l = pose.Landmarks;
        double fx = (l.LeftAnkle.PixelX + l.RightAnkle.PixelX) / 2, fy = (l.LeftAnkle.PixelY + l.RightAnkle.PixelY) / 2;
        double c = Math.Cos(degrees * Math.PI / 180), s = Math.Sin(degrees * Math.PI / 180);
        var moved = l.Select(p =>
        {
            double dx = (p.PixelX - fx) * scale, dy = (p.PixelY - fy) * scale;
            float x = (float)(fx + dx * c - dy * s), y = (float)(fy + dx * s + dy * c + dropPixels);
            return p with { PixelX = x, PixelY = y, X = x / image.Width, Y = y / image.Height };
        });
        return pose with { Landmarks = new PoseLandmarks<Landmark>(moved), PersonId = personId };
    }

    private static List<PoseResult> Clip(Func<int, IReadOnlyList<Pose>> posesAt, int frames) =>
        Enumerable.Range(0, frames).Select(i => Standing with
        {
            Source = "synthetic.mp4", FrameIndex = i, Timestamp = TimeSpan.FromSeconds(i / Fps), Poses = posesAt(i),
        }).ToList();

    /// <summary>Upright for a second, tipping over to <paramref name="finalDegrees"/> in <paramref name="fallSeconds"/> (accelerating), then lying.</summary>
    private static List<PoseResult> Tipping(double fallSeconds, double finalDegrees = 85, double scale = 1)
    {
        var person = Standing.Poses[0];
        int start = 30, fallFrames = (int)(fallSeconds * Fps), total = start + fallFrames + 45;
        return Clip(i =>
        {
            double t = Math.Clamp((i - start) / (double)fallFrames, 0, 1);
            return [Moved(person, Standing, finalDegrees * t * t, scale)];
        }, total);
    }

    [Fact]
    public void ATipOverInHalfASecondIsOneFall()
    {
        var falls = FallDetector.Find(Tipping(0.5));
        var fall = Assert.Single(falls);
        Assert.Equal(1, fall.PersonId);
        Assert.InRange(fall.Frame, 30, 30 + 15 + 45);
        Assert.InRange(fall.DescentStartFrame, 20, 45);
        Assert.InRange(fall.Confidence, 0.5, 1);
        Assert.True(fall.TorsoAngleDegrees >= 60);
        Assert.Equal(TimeSpan.FromSeconds(fall.Frame / Fps), fall.Time);
    }

    [Fact]
    public void AFarAwayPersonFallsTheSame()
    {
        Assert.Single(FallDetector.Find(Tipping(0.5, scale: 0.35)));
    }

    [Fact]
    public void LyingDownSlowlyIsNotAFall()
    {
        Assert.Empty(FallDetector.Find(Tipping(6)));
    }

    [Fact]
    public void LeaningWithoutGettingLowIsNotAFall()
    {
        Assert.Empty(FallDetector.Find(Tipping(0.4, finalDegrees: 40)));
    }

    [Fact]
    public void AFastCrouchWithAnUprightTorsoIsNotAFall()
    {
        var person = Standing.Poses[0];
        double torso = person.Landmarks.LeftHip.PixelY - person.Landmarks.LeftShoulder.PixelY;
        var clip = Clip(i => [Moved(person, Standing, 0, dropPixels: Math.Clamp((i - 30) / 8.0, 0, 1) * 1.2 * torso)], 90);
        Assert.Empty(FallDetector.Find(clip));
    }

    [Fact]
    public void OnlyThePersonWhoFallsIsReported()
    {
        var person = Standing.Poses[0];
        var clip = Clip(i =>
        {
            double t = Math.Clamp((i - 30) / 15.0, 0, 1);
            return [Moved(person, Standing, 0, personId: 1), Moved(person, Standing, 85 * t * t, personId: 2)];
        }, 90);
        Assert.Equal([2], FallDetector.Find(clip).Select(f => f.PersonId));
    }

    [Theory]
    [InlineData("pushup_incorrect_001.mp4")]
    [InlineData("squat_correct_010.mp4")]
    public void ExercisesAreNotFalls(string clip) => Assert.Empty(FallDetector.Find(TestEstimators.Video(clip)));
}
