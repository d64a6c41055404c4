using PoseTools.Results;

namespace PoseTools.Analysis;

/// <summary>Which exercise one person does over a stretch of frames, how sure, and on what evidence.</summary>
public sealed record ExerciseRecognition(int? PersonId, Exercise Exercise, double Confidence, long StartFrame, long EndFrame, string Evidence);

/// <summary>
/// Recognises the exercise of each person in a clip from body orientation and joint motion — never from file names or
/// clip length. Signals over the person's frames (10th–90th percentiles, so a few bad frames do not decide): the
/// trunk's angle from vertical, and the ranges of the knee (3D), elbow, shoulder and hip angles and of the shoulder
/// line's turn. Rules, in order:
/// <list type="bullet">
/// <item>in the side-plank position (<see cref="HoldPositions.InSidePlank"/>) in half the frames or more → SidePlank;</item>
/// <item>lying level (trunk ≥ 60° from vertical) with straight legs: the elbows moving ≥ 40° → PushUp; still (≤ 20°) → Plank;</item>
/// <item>seated (knees ≤ 145°, hips ≤ 120° throughout) with the shoulder line turning ≥ 40° → RussianTwist;</item>
/// <item>upright (trunk &lt; 35°): the knees moving ≥ 40° and bending to 130° or less → Squat; the wrists over the
/// shoulders in 60 % of the frames or more (hanging, with time to get on and off the bar; not "over the head": at the
/// top of a pull-up the head rises past the hands) with the elbows moving ≥ 60° → PullUp; the arms swinging ≥ 70° at
/// the shoulder with the wrists over the head at times, two swings or more → JumpingJack; the elbows moving ≥ 60° with the legs and shoulders still,
/// two curls or more → BicepCurl;</item>
/// <item>anything else (standing, walking, sitting still) → Unknown. A wall sit is never recognised: it looks like
/// sitting on a chair; measure it by naming it (Exercise.WallSit).</item>
/// </list>
/// Thresholds were set on ../shared/data's labelled clips (squat, push-up, plank, russian twist; the standing coaches
/// are Unknown); pull-ups, jumping jacks and curls follow the same logic without a clip to check it on.
/// Confidence grows with how far the deciding motion goes past its threshold (0.5 at the threshold, 1 at twice it).
/// </summary>
public static class ExerciseRecognizer
{
    /// <summary>People seen in fewer frames than this are not judged.</summary>
    public const int MinFrames = 10;

    /// <summary>One recognition per person seen in at least <see cref="MinFrames"/> frames.</summary>
    public static IReadOnlyList<ExerciseRecognition> Recognize(IEnumerable<PoseResult> results) =>
        results.SelectMany(r => r.Poses.Select(p => (Frame: r.FrameIndex ?? 0, Pose: p)))
            .GroupBy(x => x.Pose.PersonId)
            .Where(g => g.Count() >= MinFrames)
            .Select(g => Recognize(g.Key, g.Select(x => x.Frame).ToList(), g.Select(x => x.Pose).ToList()))
            .ToList();

    /// <summary>The exercise of one person's poses (in frame order).</summary>
    public static ExerciseRecognition Recognize(int? personId, IReadOnlyList<long> frames, IReadOnlyList<Pose> poses)
    {
        var trunk = Spread(poses.Select(TrunkFromVertical));
        var knee = Spread(poses.Select(p => ExercisePreset.SideWeightedAngle(p, Joint.LeftKnee, Joint.RightKnee, AngleSpace.World)));
        var elbow = Spread(poses.Select(p => ExercisePreset.SideWeightedAngle(p, Joint.LeftElbow, Joint.RightElbow, AngleSpace.Image)));
        var shoulder = Spread(poses.Select(p => ExercisePreset.SideWeightedAngle(p, Joint.LeftShoulder, Joint.RightShoulder, AngleSpace.Image)));
        var hip = Spread(poses.Select(p => ExercisePreset.SideWeightedAngle(p, Joint.LeftHip, Joint.RightHip, AngleSpace.World)));
        // Turn angles relative to one frame's, wrapped into ±180°: seen from behind the line points near ±180°.
        var turns = poses.Select(ShoulderLineTurn).Where(t => !double.IsNaN(t)).ToList();
        double reference = turns.Count > 0 ? turns[turns.Count / 2] : 0;
        var turn = Spread(turns.Select(t => t - reference - 360 * Math.Round((t - reference) / 360)));
        double wristsOverHead = poses.Average(WristsOverHead);
        double wristsOverShoulders = poses.Average(WristsOverShoulders);

        double sidePlank = poses.Average(p => HoldPositions.InSidePlank(p) ? 1.0 : 0.0);

        (Exercise, double, string) decision;
        if (sidePlank >= 0.5)
            decision = (Exercise.SidePlank, Sure(sidePlank, 0.5), $"propped on one side, shoulders stacked, in {sidePlank:P0} of the frames");
        else if (trunk.Median >= 60 && knee.Median >= 150)
            decision = elbow.Range >= 40 ? (Exercise.PushUp, Sure(elbow.Range, 40), $"lying level, elbows moving {elbow.Range:F0}°")
                : elbow.Range <= 20 ? (Exercise.Plank, Sure(40 - elbow.Range, 20), $"lying level and still (elbows within {elbow.Range:F0}°)")
                : (Exercise.Unknown, 0.5, "lying level, neither still nor pushing");
        else if (knee.High <= 145 && hip.High <= 120)
            decision = turn.Range >= 40 ? (Exercise.RussianTwist, Sure(turn.Range, 40), $"seated, shoulders turning {turn.Range:F0}°")
                : (Exercise.Unknown, 0.5, "seated without turning");
        else if (trunk.Median < 35)
            decision = knee.Range >= 40 && knee.Low <= 130 ? (Exercise.Squat, Sure(knee.Range, 40), $"upright, knees bending to {knee.Low:F0}°")
                : wristsOverShoulders >= 0.6 && elbow.Range >= 60 ? (Exercise.PullUp, Sure(elbow.Range, 60), $"hanging, elbows moving {elbow.Range:F0}°")
                : shoulder.Range >= 70 && wristsOverHead >= 0.1 && Repetitions(Exercise.JumpingJack, frames, poses) >= 2
                    ? (Exercise.JumpingJack, Sure(shoulder.Range, 70), $"upright, arms swinging {shoulder.Range:F0}°, twice or more")
                : elbow.Range >= 60 && knee.Range < 20 && shoulder.Range < 30 && Repetitions(Exercise.BicepCurl, frames, poses) >= 2
                    ? (Exercise.BicepCurl, Sure(elbow.Range, 60), $"upright, elbows curling {elbow.Range:F0}°, twice or more")
                : (Exercise.Unknown, Sure(40 - Math.Max(0, knee.Range), 20), $"upright without an exercise's motion (knees within {knee.Range:F0}°)");
        else
            decision = (Exercise.Unknown, 0.5, $"trunk {trunk.Median:F0}° from vertical, no exercise's posture");
        return new ExerciseRecognition(personId, decision.Item1, Math.Round(decision.Item2, 2), frames[0], frames[^1], decision.Item3);
    }

    // Arm swings and curls must repeat: a coach talking with their hands bends the elbows as far, once or twice a
    // second, but does not complete two curls (squat_correct_011 and _012's coaches).
    private static int Repetitions(Exercise exercise, IReadOnlyList<long> frames, IReadOnlyList<Pose> poses)
    {
        var preset = ExercisePreset.For(exercise);
        var counter = new RepetitionCounter(preset.Thresholds);
        int count = Enumerable.Range(0, poses.Count).Count(i => counter.Add(frames[i], null, preset.Angle(poses[i])) is not null);
        return count + counter.Flush().Count;
    }

    // 0.5 at the threshold, 1 at twice it (and beyond).
    private static double Sure(double value, double threshold) => Math.Clamp(0.5 * value / threshold, 0.5, 1);

    private readonly record struct Percentiles(double Low, double Median, double High)
    {
        public double Range => High - Low;
    }

    private static Percentiles Spread(IEnumerable<double> values)
    {
        var sorted = values.Where(v => !double.IsNaN(v)).Order().ToList();
        if (sorted.Count == 0) return new Percentiles(double.NaN, double.NaN, double.NaN);
        double At(double q) => sorted[(int)Math.Round(q * (sorted.Count - 1))];
        return new Percentiles(At(0.1), At(0.5), At(0.9));
    }

    private static double TrunkFromVertical(Pose p)
    {
        var l = p.Landmarks;
        double sx = (l[PoseLandmark.LeftShoulder].PixelX + l[PoseLandmark.RightShoulder].PixelX) / 2, sy = (l[PoseLandmark.LeftShoulder].PixelY + l[PoseLandmark.RightShoulder].PixelY) / 2;
        double hx = (l[PoseLandmark.LeftHip].PixelX + l[PoseLandmark.RightHip].PixelX) / 2, hy = (l[PoseLandmark.LeftHip].PixelY + l[PoseLandmark.RightHip].PixelY) / 2;
        return Math.Atan2(Math.Abs(sx - hx), hy - sy) * 180 / Math.PI;
    }

    // The shoulder line's direction in the world's ground plane (x–z), degrees: a twist turns it.
    private static double ShoulderLineTurn(Pose p)
    {
        var w = p.WorldLandmarks;
        return Math.Atan2(w[PoseLandmark.LeftShoulder].Z - w[PoseLandmark.RightShoulder].Z, w[PoseLandmark.LeftShoulder].X - w[PoseLandmark.RightShoulder].X) * 180 / Math.PI;
    }

    private static double WristsOverShoulders(Pose p)
    {
        var l = p.Landmarks;
        return ((l[PoseLandmark.LeftWrist].PixelY < l[PoseLandmark.LeftShoulder].PixelY ? 1 : 0) + (l[PoseLandmark.RightWrist].PixelY < l[PoseLandmark.RightShoulder].PixelY ? 1 : 0)) / 2.0;
    }

    private static double WristsOverHead(Pose p)
    {
        var l = p.Landmarks;
        return ((l[PoseLandmark.LeftWrist].PixelY < l[PoseLandmark.Nose].PixelY ? 1 : 0) + (l[PoseLandmark.RightWrist].PixelY < l[PoseLandmark.Nose].PixelY ? 1 : 0)) / 2.0;
    }
}
