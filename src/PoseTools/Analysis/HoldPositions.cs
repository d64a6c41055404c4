using PoseTools.Results;

namespace PoseTools.Analysis;

/// <summary>
/// A rule on a held position, measured on every frame of the hold: a fault when at least a quarter of the frames are
/// beyond the threshold (<see cref="FaultAbove"/> says which side), so a moment's wobble is not one.
/// ({0} in the feedback is the share of the hold.)
/// </summary>
public sealed record HoldRule(string Name, double Threshold, bool FaultAbove, string Feedback, Func<Pose, double> Measure);

/// <summary>What holding a static exercise means: the position, and the rules judged over the hold.</summary>
public sealed record HoldPosition(Exercise Exercise, Func<Pose, bool> InPosition, IReadOnlyList<HoldRule> Rules);

/// <summary>
/// The held exercises. Measured on the better-seen side in the image, in body lengths or degrees, so size and
/// distance do not matter. Each threshold says where it comes from.
/// </summary>
public static class HoldPositions
{
    /// <summary>
    /// Hips more than this far below the shoulder–ankle line (in body lengths) sag. The shared correct planks hold
    /// their hips 0.05–0.07 above the line; coaching practice wants a straight line, so the thresholds leave a margin
    /// around that and flag only a clear dip or peak.
    /// </summary>
    public const double SagLimit = -0.08;

    /// <summary>Hips more than this far above the shoulder–ankle line (in body lengths) are piked.</summary>
    public const double PikeLimit = 0.15;

    /// <summary>Whether an exercise is held rather than repeated.</summary>
    public static bool IsHeld(Exercise exercise) => exercise is Exercise.Plank or Exercise.SidePlank or Exercise.WallSit;

    /// <summary>The position and rules of a held exercise.</summary>
    public static HoldPosition For(Exercise exercise) => exercise switch
    {
        Exercise.Plank => Plank,
        Exercise.SidePlank => SidePlank,
        Exercise.WallSit => WallSit,
        _ => throw new ArgumentException($"{exercise} is not held: count its repetitions instead (RepetitionTracker)"),
    };

    private static HoldRule Sagging(string where) => new("HipsSagging", SagLimit, FaultAbove: false,
        $"Your hips sag below the line of your body for {{0:P0}} of the hold: {where}.", HipOffset);

    private static HoldRule Piked() => new("HipsPiked", PikeLimit, FaultAbove: true,
        "Your hips are piked up for {0:P0} of the hold: lower them into one line from shoulders to heels.", HipOffset);

    /// <summary>
    /// The plank, from the side: the shoulder–ankle line within 35° of level, the legs straight (knee ≥ 140°), the
    /// shoulders above the elbows (propped up). HipsSagging, HipsPiked.
    /// </summary>
    public static HoldPosition Plank { get; } = new(Exercise.Plank, InPlank, [Sagging("tighten your belly and glutes"), Piked()]);

    /// <summary>
    /// The side plank, facing the camera or away from it: the shoulders stacked (one above the other by at least 0.4
    /// torso lengths), the shoulder–ankle line 10–60° from level, the legs straight, an arm propping the lower
    /// shoulder. HipsSagging (towards the floor), HipsPiked — the plank's thresholds (coaching practice: one straight
    /// line from head to heels, as in the plank; no side-plank clip to measure on).
    /// </summary>
    public static HoldPosition SidePlank { get; } = new(Exercise.SidePlank, InSidePlank, [Sagging("lift them until your body is one line"), Piked()]);

    /// <summary>
    /// The wall sit, from the side: the trunk within 30° of vertical, the shins within 30° of vertical, the knees bent
    /// to 60–140°. HipsTooHigh: the knees more open than 110° (coaching practice: thighs parallel to the floor, knees
    /// near 90°; no wall-sit clip to measure on).
    /// </summary>
    public static HoldPosition WallSit { get; } = new(Exercise.WallSit, InWallSit,
    [
        new("HipsTooHigh", 110, FaultAbove: true, "Your hips are above your knees for {0:P0} of the hold: slide down until your thighs are level.", KneeAngle),
    ]);

    /// <summary>In the plank position (see <see cref="Plank"/>).</summary>
    public static bool InPlank(Pose pose)
    {
        var side = BodySide.BetterSeen(pose);
        var l = pose.Landmarks;
        if (new[] { side.Shoulder, side.Hip, side.Knee, side.Ankle }.Any(i => l[i].Visibility < 0.3f)) return false;
        return LineFromLevel(l[side.Shoulder], l[side.Ankle]) <= 35 && KneeAngle(pose) >= 140 && l[side.Elbow].PixelY > l[side.Shoulder].PixelY;
    }

    /// <summary>In the side-plank position (see <see cref="SidePlank"/>).</summary>
    public static bool InSidePlank(Pose pose)
    {
        var l = pose.Landmarks;
        var lower = l[PoseLandmark.LeftShoulder].PixelY < l[PoseLandmark.RightShoulder].PixelY ? BodySide.Right : BodySide.Left;
        var (shoulder, ankle) = (Middle(pose, PoseLandmark.LeftShoulder, PoseLandmark.RightShoulder), Middle(pose, PoseLandmark.LeftAnkle, PoseLandmark.RightAnkle));
        double torso = TorsoLength(pose);
        if (torso < 1) return false;
        double level = Math.Atan2(Math.Abs(ankle.Y - shoulder.Y), Math.Abs(ankle.X - shoulder.X)) * 180 / Math.PI;
        bool propped = Math.Max(l[lower.Elbow].PixelY, l[lower.Wrist].PixelY) - l[lower.Shoulder].PixelY > 0.3 * torso;
        return ShouldersStacked(pose) >= 0.4 && level is >= 10 and <= 60 && KneeAngle(pose) >= 140 && propped;
    }

    /// <summary>In the wall-sit position (see <see cref="WallSit"/>).</summary>
    public static bool InWallSit(Pose pose)
    {
        var side = BodySide.BetterSeen(pose);
        var l = pose.Landmarks;
        if (new[] { side.Shoulder, side.Hip, side.Knee, side.Ankle }.Any(i => l[i].Visibility < 0.3f)) return false;
        double trunk = 90 - LineFromLevel(l[side.Shoulder], l[side.Hip]), shin = 90 - LineFromLevel(l[side.Knee], l[side.Ankle]);
        return trunk <= 30 && shin <= 30 && KneeAngle(pose) is >= 60 and <= 140 && l[side.Shoulder].PixelY < l[side.Hip].PixelY;
    }

    /// <summary>The hip's height over the shoulder–ankle line, in body lengths (positive: above, as in a pike); the middle of both sides when the shoulders are stacked (a side plank), else the better-seen side.</summary>
    public static double HipOffset(Pose pose)
    {
        var side = BodySide.BetterSeen(pose);
        var l = pose.Landmarks;
        (double X, double Y) At(PoseLandmark landmark) => (l[landmark].PixelX, l[landmark].PixelY);
        var (shoulder, hip, ankle) = (At(side.Shoulder), At(side.Hip), At(side.Ankle));
        if (ShouldersStacked(pose) >= 0.4)
            (shoulder, hip, ankle) = (Middle(pose, PoseLandmark.LeftShoulder, PoseLandmark.RightShoulder), Middle(pose, PoseLandmark.LeftHip, PoseLandmark.RightHip), Middle(pose, PoseLandmark.LeftAnkle, PoseLandmark.RightAnkle));
        double dx = ankle.X - shoulder.X, dy = ankle.Y - shoulder.Y;
        double length = Math.Sqrt(dx * dx + dy * dy);
        if (length < 1 || Math.Abs(dx) < 1) return double.NaN;
        double lineY = shoulder.Y + dy * (hip.X - shoulder.X) / dx;
        return (lineY - hip.Y) / length;
    }

    /// <summary>How far one shoulder is above the other, in torso lengths (0 side by side or overlapping; a side plank ≥ 0.4).</summary>
    public static double ShouldersStacked(Pose pose)
    {
        var l = pose.Landmarks;
        double torso = TorsoLength(pose);
        return torso < 1 ? 0 : Math.Abs(l[PoseLandmark.LeftShoulder].PixelY - l[PoseLandmark.RightShoulder].PixelY) / torso;
    }

    // Pixels from the shoulders' middle to the hips' middle.
    private static double TorsoLength(Pose pose)
    {
        var (shoulder, hip) = (Middle(pose, PoseLandmark.LeftShoulder, PoseLandmark.RightShoulder), Middle(pose, PoseLandmark.LeftHip, PoseLandmark.RightHip));
        return Math.Sqrt(Math.Pow(shoulder.X - hip.X, 2) + Math.Pow(shoulder.Y - hip.Y, 2));
    }

    private static double KneeAngle(Pose pose) =>
        JointAngles.Degrees(pose, BodySide.BetterSeen(pose) == BodySide.Left ? Joint.LeftKnee : Joint.RightKnee, AngleSpace.Image);

    // Degrees of the line between two landmarks from level (0 level, 90 vertical).
    private static double LineFromLevel(Landmark a, Landmark b) => Math.Atan2(Math.Abs(b.PixelY - a.PixelY), Math.Abs(b.PixelX - a.PixelX)) * 180 / Math.PI;

    private static (double X, double Y) Middle(Pose pose, PoseLandmark a, PoseLandmark b) =>
        ((pose.Landmarks[a].PixelX + pose.Landmarks[b].PixelX) / 2, (pose.Landmarks[a].PixelY + pose.Landmarks[b].PixelY) / 2);
}
