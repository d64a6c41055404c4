using PoseTools.Analysis;
using PoseTools.Inference;
using PoseTools.Models;
using PoseTools.Results;

namespace PoseTools.Tests.Video;

/// <summary>
/// Pull-ups and jumping jacks, for which the shared data has no clip: whole bodies moving as those exercises do, frame
/// by frame, through recognition, counting and the form rules — the path a real clip takes after Get-Pose.
/// </summary>
public sealed class SyntheticWorkoutTests
{
    // A body seen from the front: pixel positions as given, world landmarks the same geometry in metres (flat, the
    // nose towards the camera), so 2D and 3D angles agree.
    private static Pose Body(Dictionary<PoseLandmark, (double X, double Y)> at) => SyntheticPose.At(
        at.ToDictionary(p => p.Key, p => ((float)p.Value.X, (float)p.Value.Y)),
        at.ToDictionary(p => p.Key, p => ((float)((p.Value.X - 500) / 500), (float)((p.Value.Y - 500) / 500), p.Key == PoseLandmark.Nose ? -0.1f : 0f)));

    private static List<PoseResult> Clip(int frames, Func<double, Pose> pose) => Enumerable.Range(0, frames)
        .Select(i => new PoseResult("synthetic.mp4", SyntheticPose.Size, SyntheticPose.Size, ModelComplexity.Full, [pose(i) with { PersonId = 1 }],
            new PoseTimings(0, 0, 0, 0, 0)) { FrameIndex = i, Timestamp = TimeSpan.FromSeconds(i / 30.0) })
        .ToList();

    // Hanging from a bar at y = 100 (hands 240 px apart), pulled up by lift (0 hanging, 1 at the top): the shoulders
    // rise 150 px, the elbows bend outwards (upper arm and forearm 101 px: 164° hanging, 29° at the top), legs straight.
    private static Pose PullUp(double lift, double mouthAboveShoulders = 60)
    {
        double shoulderY = 300 - 150 * lift, reach = shoulderY - 100, bend = Math.Sqrt(Math.Max(0, 101 * 101 - reach * reach / 4));
        var at = new Dictionary<PoseLandmark, (double X, double Y)>();
        foreach (var (side, sign) in new[] { (0, 1), (1, -1) })
        {
            double x = 500 + sign * 120;
            at[side == 0 ? PoseLandmark.LeftWrist : PoseLandmark.RightWrist] = (x, 100);
            at[side == 0 ? PoseLandmark.LeftShoulder : PoseLandmark.RightShoulder] = (x, shoulderY);
            at[side == 0 ? PoseLandmark.LeftElbow : PoseLandmark.RightElbow] = (x + sign * bend, (shoulderY + 100) / 2);
            at[side == 0 ? PoseLandmark.LeftHip : PoseLandmark.RightHip] = (500 + sign * 60, shoulderY + 300);
            at[side == 0 ? PoseLandmark.LeftKnee : PoseLandmark.RightKnee] = (500 + sign * 60, shoulderY + 500);
            at[side == 0 ? PoseLandmark.LeftAnkle : PoseLandmark.RightAnkle] = (500 + sign * 60, shoulderY + 700);
            at[side == 0 ? PoseLandmark.LeftFootIndex : PoseLandmark.RightFootIndex] = (500 + sign * 60, shoulderY + 720);
            at[side == 0 ? PoseLandmark.MouthLeft : PoseLandmark.MouthRight] = (500 + sign * 15, shoulderY - mouthAboveShoulders);
        }
        at[PoseLandmark.Nose] = (500, shoulderY - mouthAboveShoulders - 15);
        return Body(at);
    }

    // Standing, facing the camera: the arms raised to armDegrees from the trunk (straight, 250 px), the ankles spread apart.
    private static Pose JumpingJack(double armDegrees, double spread)
    {
        double a = armDegrees * Math.PI / 180;
        var at = new Dictionary<PoseLandmark, (double X, double Y)> { [PoseLandmark.Nose] = (500, 230) };
        foreach (var (side, sign) in new[] { (0, 1), (1, -1) })
        {
            (double X, double Y) shoulder = (500 + sign * 100, 300), hip = (500 + sign * 50, 600), ankle = (500 + sign * spread / 2, 950);
            at[side == 0 ? PoseLandmark.LeftShoulder : PoseLandmark.RightShoulder] = shoulder;
            at[side == 0 ? PoseLandmark.LeftElbow : PoseLandmark.RightElbow] = (shoulder.X + sign * 125 * Math.Sin(a), shoulder.Y + 125 * Math.Cos(a));
            at[side == 0 ? PoseLandmark.LeftWrist : PoseLandmark.RightWrist] = (shoulder.X + sign * 250 * Math.Sin(a), shoulder.Y + 250 * Math.Cos(a));
            at[side == 0 ? PoseLandmark.LeftHip : PoseLandmark.RightHip] = hip;
            at[side == 0 ? PoseLandmark.LeftKnee : PoseLandmark.RightKnee] = ((hip.X + ankle.X) / 2, (hip.Y + ankle.Y) / 2);
            at[side == 0 ? PoseLandmark.LeftAnkle : PoseLandmark.RightAnkle] = ankle;
            at[side == 0 ? PoseLandmark.LeftFootIndex : PoseLandmark.RightFootIndex] = (ankle.X + sign * 10, ankle.Y + 20);
        }
        return Body(at);
    }

    // One cycle per second: 0 → 1 → 0.
    private static double Cycle(double frame) => (1 - Math.Cos(2 * Math.PI * frame / 30)) / 2;

    [Fact]
    public void ThreePullUpsAreRecognisedCountedAndJudged()
    {
        var clip = Clip(90, f => PullUp(Cycle(f)));
        var workout = Assert.Single(WorkoutAnalysis.Analyze(clip));
        Assert.True(workout.Exercise == Exercise.PullUp, workout.Recognition?.Evidence);
        Assert.Equal(3, workout.Repetitions.Count);
        Assert.All(workout.Repetitions, r => Assert.Empty(r.Faults));
        Assert.All(workout.Repetitions, r => Assert.Equal(["ChinOverBar", "FullExtension"], r.Form.Judged));

        // A second of standing under the bar before the three pulls: still pull-ups, still three.
        var withApproach = Assert.Single(WorkoutAnalysis.Analyze(Clip(120, f => f < 30 ? JumpingJack(15, 100) : PullUp(Cycle(f - 30)))));
        Assert.True(withApproach.Exercise == Exercise.PullUp, withApproach.Recognition?.Evidence);
        Assert.Equal(3, withApproach.Repetitions.Count);

        // Half pulls (the chin stays under the bar) from half-bent arms: both faults, each repetition.
        var poor = Assert.Single(WorkoutAnalysis.Analyze(Clip(90, f => PullUp(0.15 + 0.85 * Cycle(f), mouthAboveShoulders: 20))));
        Assert.True(poor.Exercise == Exercise.PullUp, poor.Recognition?.Evidence);
        Assert.NotEmpty(poor.Repetitions);
        Assert.All(poor.Repetitions, r => Assert.Equal(["ChinOverBar", "FullExtension"], r.Faults));
    }

    [Fact]
    public void JumpingJacksAreRecognisedCountedAndJudged()
    {
        var clip = Clip(120, f => JumpingJack(15 + 155 * Cycle(f), 100 + 250 * Cycle(f)));
        var workout = Assert.Single(WorkoutAnalysis.Analyze(clip));
        Assert.Equal(Exercise.JumpingJack, workout.Exercise);
        Assert.Equal(4, workout.Repetitions.Count);
        Assert.All(workout.Repetitions, r => Assert.Empty(r.Faults));
        Assert.All(workout.Repetitions, r => Assert.Equal(BodyView.Front, r.Form.View));

        // Arms only to shoulder height and a small step: both faults.
        var lazy = Assert.Single(WorkoutAnalysis.Analyze(Clip(120, f => JumpingJack(15 + 115 * Cycle(f), 100 + 100 * Cycle(f))), Exercise.JumpingJack));
        Assert.Equal(4, lazy.Repetitions.Count);
        Assert.All(lazy.Repetitions, r => Assert.Equal(["ArmsOverhead", "FeetApart"], r.Faults));
    }

    // A side plank facing the camera, propped on the right forearm, the left hand on the hip; the hips sag sag px below the line.
    private static Pose SidePlank(double sag) => Body(new()
    {
        [PoseLandmark.LeftShoulder] = (700, 540), [PoseLandmark.RightShoulder] = (700, 660),
        [PoseLandmark.LeftElbow] = (600, 560), [PoseLandmark.LeftWrist] = (520, 620 + sag),
        [PoseLandmark.RightElbow] = (700, 780), [PoseLandmark.RightWrist] = (760, 790),
        [PoseLandmark.LeftHip] = (450, 680 + sag), [PoseLandmark.RightHip] = (450, 720 + sag),
        [PoseLandmark.LeftKnee] = (325, 735 + sag / 2), [PoseLandmark.RightKnee] = (325, 755 + sag / 2),
        [PoseLandmark.LeftAnkle] = (200, 790), [PoseLandmark.RightAnkle] = (200, 810),
        [PoseLandmark.LeftFootIndex] = (190, 780), [PoseLandmark.RightFootIndex] = (190, 800),
        [PoseLandmark.Nose] = (790, 560),
    });

    // A wall sit seen from the side, facing right: the hips at hipY (550: thighs level, knees at 87°; 450: knees at 123°).
    private static Pose WallSit(double hipY)
    {
        var at = new Dictionary<PoseLandmark, (double X, double Y)> { [PoseLandmark.Nose] = (430, 230) };
        double hipX = hipY >= 550 ? 400 : 430;
        foreach (var (shoulder, hip, knee, ankle, toe) in new[]
        {
            (PoseLandmark.LeftShoulder, PoseLandmark.LeftHip, PoseLandmark.LeftKnee, PoseLandmark.LeftAnkle, PoseLandmark.LeftFootIndex),
            (PoseLandmark.RightShoulder, PoseLandmark.RightHip, PoseLandmark.RightKnee, PoseLandmark.RightAnkle, PoseLandmark.RightFootIndex),
        })
        {
            at[shoulder] = (hipX, hipY - 250);
            at[hip] = (hipX, hipY);
            at[knee] = (600, 560);
            at[ankle] = (600, 800);
            at[toe] = (660, 815);
        }
        return Body(at);
    }

    [Fact]
    public void SidePlankAndWallSitHoldsAreTimedAndJudged()
    {
        var side = Assert.Single(WorkoutAnalysis.Analyze(Clip(60, _ => SidePlank(0))));
        Assert.True(side.Exercise == Exercise.SidePlank, side.Recognition?.Evidence);
        var hold = Assert.Single(side.Holds);
        Assert.Equal((0, 59), (hold.StartFrame, hold.EndFrame));
        Assert.Empty(hold.Faults);
        Assert.Equal(["HipsSagging"], Assert.Single(Assert.Single(WorkoutAnalysis.Analyze(Clip(60, _ => SidePlank(60)))).Holds).Faults);

        // Not recognised on its own (it looks like sitting on a chair), measured when named.
        var sitting = Clip(60, _ => WallSit(550));
        Assert.Equal(Exercise.Unknown, Assert.Single(WorkoutAnalysis.Analyze(sitting)).Exercise);
        var wallSit = Assert.Single(Assert.Single(WorkoutAnalysis.Analyze(sitting, Exercise.WallSit)).Holds);
        Assert.Empty(wallSit.Faults);
        var high = Assert.Single(Assert.Single(WorkoutAnalysis.Analyze(Clip(60, _ => WallSit(450)), Exercise.WallSit)).Holds);
        Assert.Equal(["HipsTooHigh"], high.Faults);
        Assert.InRange(high.FaultDetails[0].Measured, 120, 126);
    }

    [Fact]
    public void RecognisedPeopleGetTheThresholdsOfTheirOwnExercise()
    {
        // A squat's limit beside a plank's, as a clip with both would need: the side plank takes its own and ignores the squat's.
        var thresholds = new Dictionary<string, double> { ["KneesPastToes"] = 0.5, ["HipsSagging"] = -0.2 };
        var hold = Assert.Single(Assert.Single(WorkoutAnalysis.Analyze(Clip(60, _ => SidePlank(60)), formThresholds: thresholds)).Holds);
        Assert.Empty(hold.Faults);                                                         // sagging 0.11 is within -0.2
        var e = Assert.Throws<ArgumentException>(() => WorkoutAnalysis.Analyze(Clip(60, _ => SidePlank(0)), formThresholds: new Dictionary<string, double> { ["Heels"] = 1 }));
        Assert.Contains("Heels", e.Message);
    }

    [Fact]
    public void StandingStillIsUnknownAndGetsNoRepetitions()
    {
        var workout = Assert.Single(WorkoutAnalysis.Analyze(Clip(60, _ => JumpingJack(15, 100))));
        Assert.Equal(Exercise.Unknown, workout.Exercise);
        Assert.Empty(workout.Repetitions);
        Assert.Empty(new CoachLabels([workout]).At(30));
    }
}
