using PoseTools.Analysis;
using PoseTools.Inference;
using PoseTools.Results;
using Xunit.Abstractions;
using static PoseTools.Tests.PowerShell.Pwsh;

namespace PoseTools.Tests.Video;

/// <summary>
/// The push-up, pull-up and jumping-jack rules and russian-twist counting: each rule on synthetic poses (and skipped
/// in a view that cannot show it), then on the shared clips and in pwsh.
/// </summary>
public sealed class ExerciseFormRuleTests(ITestOutputHelper output)
{
    // Frames three apart, so that only the middle one is near the turn (rules look two frames either side of it).
    private static FormAssessment Assess(Exercise exercise, double turnAngle, params Pose[] frames) =>
        FormRules.Assess(new RepetitionMovement(frames.Select((p, i) => (3L * i, p)).ToList(), 3L * (frames.Length / 2), turnAngle), FormRules.For(exercise));

    // A push-up seen from the side, head to the right, lying level; the hip hipLift pixels above (negative: below) the line.
    private static Pose SidePushUp(float hipLift) => SyntheticPose.At(new()
    {
        [PoseLandmark.LeftShoulder] = (700, 500), [PoseLandmark.RightShoulder] = (700, 500),
        [PoseLandmark.LeftElbow] = (700, 600), [PoseLandmark.RightElbow] = (700, 600),
        [PoseLandmark.LeftWrist] = (700, 700), [PoseLandmark.RightWrist] = (700, 700),
        [PoseLandmark.LeftHip] = (450, 500 - hipLift), [PoseLandmark.RightHip] = (450, 500 - hipLift),
        [PoseLandmark.LeftKnee] = (300, 500), [PoseLandmark.RightKnee] = (300, 500),
        [PoseLandmark.LeftAnkle] = (150, 500), [PoseLandmark.RightAnkle] = (150, 500),
    });

    // A push-up seen from the front (the head towards the camera, the trunk going away from it): the elbows either
    // tucked (about 55° from the trunk in 3D) or flared (about 91°).
    private static Pose FrontPushUp(bool flared) => SyntheticPose.At(new()
        {
            [PoseLandmark.LeftShoulder] = (600, 500), [PoseLandmark.RightShoulder] = (400, 500),
            [PoseLandmark.LeftHip] = (560, 540), [PoseLandmark.RightHip] = (440, 540),
        },
        new()
        {
            [PoseLandmark.LeftShoulder] = (0.2f, 0, 0), [PoseLandmark.RightShoulder] = (-0.2f, 0, 0),
            [PoseLandmark.LeftHip] = (0.15f, 0, 0.5f), [PoseLandmark.RightHip] = (-0.15f, 0, 0.5f),
            [PoseLandmark.LeftElbow] = flared ? (0.45f, 0.2f, 0) : (0.25f, 0.2f, 0.15f),
            [PoseLandmark.RightElbow] = flared ? (-0.45f, 0.2f, 0) : (-0.25f, 0.2f, 0.15f),
            [PoseLandmark.Nose] = (0, 0, -0.1f),
        });

    [Fact]
    public void PushUpHipsPikedOrSaggingAreFaultsFromTheSideAndElbowFlareOnlyFromTheFront()
    {
        var straight = SidePushUp(0);
        var piked = Assess(Exercise.PushUp, 90, straight, SidePushUp(40), straight);
        Assert.Equal(BodyView.Side, piked.View);
        var fault = Assert.Single(piked.Faults);
        Assert.Equal("HipsPiked", fault.Rule);
        Assert.Equal((Math.Atan2(40, 250) + Math.Atan2(40, 150)) * 180 / Math.PI, fault.Measured, 3);
        Assert.Contains(piked.NotJudged, n => n.Rule == "ElbowFlare" && n.Reason.Contains("front"));

        Assert.Equal(["HipsSagging"], Assess(Exercise.PushUp, 90, straight, SidePushUp(-40), straight).Faults.Select(f => f.Rule));
        var good = Assess(Exercise.PushUp, 90, straight, SidePushUp(5), straight);
        Assert.Empty(good.Faults);
        Assert.Equal(["Depth", "HipsPiked", "HipsSagging"], good.Judged);
        Assert.Equal(["Depth"], Assess(Exercise.PushUp, 110, straight, straight, straight).Faults.Select(f => f.Rule));

        var tucked = Assess(Exercise.PushUp, 90, FrontPushUp(false), FrontPushUp(false), FrontPushUp(false));
        Assert.Equal(BodyView.Front, tucked.View);
        Assert.Empty(tucked.Faults);
        Assert.Contains("ElbowFlare", tucked.Judged);
        Assert.Contains(tucked.NotJudged, n => n.Rule == "HipsPiked");
        var flare = Assert.Single(Assess(Exercise.PushUp, 90, FrontPushUp(false), FrontPushUp(true), FrontPushUp(false)).Faults);
        Assert.Equal("ElbowFlare", flare.Rule);
        Assert.InRange(flare.Measured, 90, 100);
    }

    // A pull-up seen from the front, hands on the bar at y = 100: the mouth at mouthY, the elbows bent to elbowDegrees (3D).
    private static Pose PullUp(float mouthY, double elbowDegrees)
    {
        double t = elbowDegrees * Math.PI / 180;
        // The forearm turns away from the upper arm (elbow to shoulder is +y, world y points down) by elbowDegrees.
        (float, float, float) Wrist(float side) => (side * (0.2f + 0.3f * (float)Math.Sin(t)), -0.3f + 0.3f * (float)Math.Cos(t), 0);
        return SyntheticPose.At(new()
            {
                [PoseLandmark.LeftShoulder] = (600, 300), [PoseLandmark.RightShoulder] = (400, 300),
                [PoseLandmark.LeftElbow] = (620, 200), [PoseLandmark.RightElbow] = (380, 200),
                [PoseLandmark.LeftWrist] = (600, 100), [PoseLandmark.RightWrist] = (400, 100),
                [PoseLandmark.LeftHip] = (550, 600), [PoseLandmark.RightHip] = (450, 600),
                [PoseLandmark.MouthLeft] = (510, mouthY), [PoseLandmark.MouthRight] = (490, mouthY),
            },
            new()
            {
                [PoseLandmark.LeftShoulder] = (0.2f, 0, 0), [PoseLandmark.RightShoulder] = (-0.2f, 0, 0),
                [PoseLandmark.LeftElbow] = (0.2f, -0.3f, 0), [PoseLandmark.RightElbow] = (-0.2f, -0.3f, 0),
                [PoseLandmark.LeftWrist] = Wrist(1), [PoseLandmark.RightWrist] = Wrist(-1),
                [PoseLandmark.Nose] = (0, 0, -0.1f),
            });
    }

    [Fact]
    public void PullUpChinOverTheBarAndFullExtensionAreJudgedWithTheHangBeforeThePull()
    {
        Assert.Equal(180, ExercisePreset.For(Exercise.PullUp).Angle(PullUp(300, 180)), 1);   // the synthetic arm bends as stated
        Assert.Equal(60, ExercisePreset.For(Exercise.PullUp).Angle(PullUp(300, 60)), 1);

        // Started from half-bent arms (140°), chin below the bar at the top: both faults.
        var rules = FormRules.For(Exercise.PullUp);
        Pose start = PullUp(300, 140), top = PullUp(180, 60);
        var poor = FormRules.Assess(new RepetitionMovement([(0, start), (1, top), (2, start)], 1, 60), rules);
        Assert.Equal(BodyView.Front, poor.View);
        Assert.Equal(["ChinOverBar", "FullExtension"], poor.Faults.Select(f => f.Rule));
        Assert.Equal((100 - 180) / Math.Sqrt(20 * 20 + 100 * 100), poor.Faults[0].Measured, 3);   // upper-arm lengths
        Assert.Equal(140, poor.Faults[1].Measured, 1);

        // The same repetition after a dead hang (the lead-in) and with the chin over the bar: good form.
        var hang = PullUp(300, 175);
        var good = FormRules.Assess(new RepetitionMovement([(10, start), (11, PullUp(80, 60)), (12, start)], 11, 60, [(8, hang), (9, hang)]), rules);
        Assert.Empty(good.Faults);
        Assert.Equal(["ChinOverBar", "FullExtension"], good.Judged);
    }

    // A jumping jack seen from the front (or, when side is true, the side): the ankles feetApart pixels apart at the top.
    private static Pose JumpingJack(float feetApart, bool side = false) => SyntheticPose.At(new()
    {
        [PoseLandmark.LeftShoulder] = (side ? 505 : 600, 300), [PoseLandmark.RightShoulder] = (side ? 495 : 400, 300),
        [PoseLandmark.LeftHip] = (side ? 500 : 550, 600), [PoseLandmark.RightHip] = (side ? 500 : 450, 600),
        [PoseLandmark.LeftAnkle] = (500 + feetApart / 2, 950), [PoseLandmark.RightAnkle] = (500 - feetApart / 2, 950),
    });

    [Fact]
    public void JumpingJackArmsOverheadAndFeetApartAreJudgedFromTheFrontOnly()
    {
        Pose closed = JumpingJack(100), open = JumpingJack(400);   // shoulders 200 px apart: feet 2 shoulder widths at the top
        Assert.Empty(Assess(Exercise.JumpingJack, 170, closed, open, closed).Faults);
        var lazy = Assess(Exercise.JumpingJack, 130, closed, JumpingJack(200), closed);
        Assert.Equal(["ArmsOverhead", "FeetApart"], lazy.Faults.Select(f => f.Rule));
        Assert.Equal(1.0, lazy.Faults[1].Measured, 3);
        Assert.Contains("wider", lazy.Faults[1].Feedback);

        var fromTheSide = Assess(Exercise.JumpingJack, 130, JumpingJack(20, side: true), JumpingJack(20, side: true), JumpingJack(20, side: true));
        Assert.Equal(BodyView.Side, fromTheSide.View);
        Assert.Empty(fromTheSide.Faults);
        Assert.Equal(["ArmsOverhead", "FeetApart"], fromTheSide.NotJudged.Select(n => n.Rule));
    }

    // Shoulders turned by turnDegrees against the hips (the left shoulder forward for positive), the whole trunk leaning back by leanDegrees.
    private static Pose Twisted(double turnDegrees, double leanDegrees)
    {
        double t = turnDegrees * Math.PI / 180, lean = leanDegrees * Math.PI / 180;
        (float, float, float) Lean(double x, double y, double z) => ((float)x, (float)(y * Math.Cos(lean) - z * Math.Sin(lean)), (float)(y * Math.Sin(lean) + z * Math.Cos(lean)));
        return SyntheticPose.At(new(), new()
        {
            [PoseLandmark.LeftShoulder] = Lean(0.2 * Math.Cos(t), -0.5, -0.2 * Math.Sin(t)),
            [PoseLandmark.RightShoulder] = Lean(-0.2 * Math.Cos(t), -0.5, 0.2 * Math.Sin(t)),
            [PoseLandmark.LeftHip] = Lean(0.15, 0, 0), [PoseLandmark.RightHip] = Lean(-0.15, 0, 0),
        });
    }

    [Fact]
    public void TorsoRotationIsTheShouldersTurnAgainstTheHipsWhateverTheLean()
    {
        Assert.Equal(30, TorsoRotation.Degrees(Twisted(30, 0)), 3);
        Assert.Equal(-25, TorsoRotation.Degrees(Twisted(-25, 0)), 3);
        Assert.Equal(30, TorsoRotation.Degrees(Twisted(30, 45)), 3);    // seated and leaning back, as in a russian twist
        Assert.Equal(0, TorsoRotation.Degrees(Twisted(0, 45)), 3);
    }

    [Fact]
    public void ThePushUpClipsGetTheirFaultsAndTheCorrectOneNone()
    {
        var found = new Dictionary<string, IReadOnlyList<Repetition>>();
        foreach (var clip in new[] { "pushup_correct_001.mp4", "pushup_incorrect_piked.mp4", "pushup_incorrect_001.mp4" })
        {
            found[clip] = RepetitionTracker.For(Exercise.PushUp).Count(TestEstimators.Video(clip));
            foreach (var r in found[clip])
                output.WriteLine($"{clip} #{r.Index}: {r.Form.View}, judged {string.Join(",", r.Form.Judged)}, faults {string.Join("; ", r.Form.Faults)}");
        }
        var correct = Assert.Single(found["pushup_correct_001.mp4"]);
        Assert.Empty(correct.Faults);
        Assert.Contains("HipsPiked", correct.Form.Judged);
        Assert.Equal(["HipsPiked"], Assert.Single(found["pushup_incorrect_piked.mp4"]).Faults);   // videos.json: "hips piked high"
        Assert.Equal(2, found["pushup_incorrect_001.mp4"].Count);
        Assert.All(found["pushup_incorrect_001.mp4"], r => Assert.Equal(["HipsSagging"], r.Faults));
    }

    [Fact]
    public void TheRussianTwistIsRecognisedAndCountedInPwsh()
    {
        // The clip starts twisted to the left, twists right and back through the middle (one repetition), then left
        // again and ends there: the first twist began before the clip and the last never comes back, as a squat's would not.
        var lines = Ok($$"""
            Get-Pose {{Quote(TestEnvironment.DataFile("russiantwist_correct_001.mp4"))}} | Measure-PoseRepetition | ForEach-Object { '{0}|{1}|{2}|{3:F0}' -f $_.Movement, $_.StartFrame, $_.EndFrame, $_.ExtremeAngle }
            """);
        output.WriteLine(string.Join("\n", lines));
        var parts = Assert.Single(lines).Split('|');
        Assert.Equal("RussianTwist", parts[0]);
        Assert.InRange(int.Parse(parts[1]), 20, 33);   // leaves the middle after frame 20 …
        Assert.InRange(int.Parse(parts[2]), 40, 50);   // … and is back by frame 50
        Assert.InRange(int.Parse(parts[3]), 18, 40);   // degrees of turn at the far point
    }
}
