using PoseTools.Results;

namespace PoseTools.Analysis;

/// <summary>Exercises with built-in repetition settings.</summary>
public enum Exercise
{
    /// <summary>Squats: the knee angle (3D), both sides.</summary>
    Squat,
    /// <summary>Push-ups: the elbow angle (2D, side view).</summary>
    PushUp,
    /// <summary>Jumping jacks: the shoulder angle (2D, front view).</summary>
    JumpingJack,
    /// <summary>Biceps curls: the elbow angle (3D).</summary>
    BicepCurl,
    /// <summary>The plank: a hold, not a repetition (<see cref="HoldTracker"/>).</summary>
    Plank,
    /// <summary>Pull-ups: recognised (<see cref="ExerciseRecognizer"/>), not yet counted.</summary>
    PullUp,
    /// <summary>Russian twists: recognised, not yet counted.</summary>
    RussianTwist,
    /// <summary>None of the exercises: standing, walking, sitting, or something else.</summary>
    Unknown,
}

/// <summary>Which joint angle an exercise is counted on, where it is measured, and its thresholds.</summary>
public sealed record ExercisePreset(Exercise Exercise, Joint Left, Joint Right, AngleSpace Space, RepetitionThresholds Thresholds)
{
    /// <summary>
    /// Squat: knee angle in 3D (the camera angle does not matter), standing ≥ 145° (from behind, a lifter back up
    /// measures 148–150°: squat_correct_004), down ≤ 130°.
    /// Push-up: elbow angle in the image (side view), arms straight ≥ 140°, down ≤ 100°.
    /// Jumping jack: shoulder angle (arm to trunk) in the image (front view), arms down ≤ 50°, up ≥ 120°.
    /// Biceps curl: elbow angle in 3D, arm straight ≥ 130°, curled ≤ 75°.
    /// </summary>
    public static ExercisePreset For(Exercise exercise) => exercise switch
    {
        Exercise.Squat => new(exercise, Joint.LeftKnee, Joint.RightKnee, AngleSpace.World, new RepetitionThresholds(130, 145)),
        Exercise.PushUp => new(exercise, Joint.LeftElbow, Joint.RightElbow, AngleSpace.Image, new RepetitionThresholds(100, 140)),
        Exercise.JumpingJack => new(exercise, Joint.LeftShoulder, Joint.RightShoulder, AngleSpace.Image, new RepetitionThresholds(50, 120, RepetitionDirection.RiseFromLow)),
        Exercise.BicepCurl => new(exercise, Joint.LeftElbow, Joint.RightElbow, AngleSpace.World, new RepetitionThresholds(75, 130)),
        Exercise.Plank => throw new ArgumentException("a plank is held, not repeated: measure it with HoldTracker"),
        Exercise.PullUp or Exercise.RussianTwist => throw new ArgumentException($"{exercise} is recognised but not counted yet: count it with your own joint and thresholds"),
        Exercise.Unknown => throw new ArgumentException("Unknown is no exercise to count"),
        _ => throw new ArgumentOutOfRangeException(nameof(exercise)),
    };

    /// <summary>
    /// The angle of the better-seen side: both sides weighted by how visible their three landmarks are (the least
    /// visible of the three), so a side turned away from the camera hardly counts. NaN when neither side is seen.
    /// </summary>
    public double Angle(Pose pose) => SideWeightedAngle(pose, Left, Right, Space);

    /// <summary>The angle at a joint, from whichever side is better seen: the visibility-weighted mean of the left and right angles (one side alone when the other is hidden); NaN when neither is visible enough.</summary>
    public static double SideWeightedAngle(Pose pose, Joint left, Joint right, AngleSpace space, float minVisibility = 0.2f)
    {
        double sum = 0, weights = 0;
        foreach (var joint in new[] { left, right })
        {
            var (a, b, c) = JointAngles.Landmarks(joint);
            float w = Math.Min(pose.Landmarks[a].Visibility, Math.Min(pose.Landmarks[b].Visibility, pose.Landmarks[c].Visibility));
            if (w < minVisibility) continue;
            double degrees = JointAngles.Degrees(pose, joint, space);
            if (double.IsNaN(degrees)) continue;
            sum += w * degrees;
            weights += w;
        }
        return weights > 0 ? sum / weights : double.NaN;
    }
}
