using PoseTools.Analysis;
using PoseTools.Geometry;
using PoseTools.Inference;
using PoseTools.Results;
using Xunit.Abstractions;
using static PoseTools.Tests.PowerShell.Pwsh;

namespace PoseTools.Tests.Video;

/// <summary>Form rules: each on synthetic poses (including a view that cannot judge it), then on the shared clips and in pwsh.</summary>
public sealed class FormRuleTests(ITestOutputHelper output)
{
    private const int Size = SyntheticPose.Size;

    private static Pose Synthetic(Dictionary<PoseLandmark, (float X, float Y)> at, bool facingCamera = true) => SyntheticPose.At(at, facingCamera: facingCamera);

    // Seen from the side, facing right: shoulders overlap; the bottom puts the knee at kneeX.
    private static Pose SideSquat(float hipY, float kneeX) => Synthetic(new()
    {
        [PoseLandmark.LeftShoulder] = (505, hipY - 200), [PoseLandmark.RightShoulder] = (495, hipY - 200),
        [PoseLandmark.LeftHip] = (500, hipY), [PoseLandmark.RightHip] = (500, hipY),
        [PoseLandmark.LeftKnee] = (kneeX, 690), [PoseLandmark.RightKnee] = (kneeX, 690),
        [PoseLandmark.LeftAnkle] = (500, 900), [PoseLandmark.RightAnkle] = (500, 900),
        [PoseLandmark.LeftHeel] = (480, 920), [PoseLandmark.RightHeel] = (480, 920),
        [PoseLandmark.LeftFootIndex] = (560, 920), [PoseLandmark.RightFootIndex] = (560, 920),
    });

    // Seen from the front: shoulders spread; the knees at ±kneeSpread/2 around the centre, ankles at ±80.
    private static Pose FrontSquat(float hipY, float kneeSpread) => Synthetic(new()
    {
        [PoseLandmark.LeftShoulder] = (600, hipY - 200), [PoseLandmark.RightShoulder] = (400, hipY - 200),
        [PoseLandmark.LeftHip] = (560, hipY), [PoseLandmark.RightHip] = (440, hipY),
        [PoseLandmark.LeftKnee] = (500 + kneeSpread / 2, 700), [PoseLandmark.RightKnee] = (500 - kneeSpread / 2, 700),
        [PoseLandmark.LeftAnkle] = (580, 900), [PoseLandmark.RightAnkle] = (420, 900),
        [PoseLandmark.LeftHeel] = (580, 920), [PoseLandmark.RightHeel] = (420, 920),
        [PoseLandmark.LeftFootIndex] = (580, 930), [PoseLandmark.RightFootIndex] = (420, 930),
    });

    private static FormAssessment Assess(Pose standing, Pose bottom, double kneeAngle = 80, IReadOnlyDictionary<string, double>? thresholds = null) =>
        FormRules.Assess(new RepetitionMovement([(0, standing), (1, bottom), (2, standing)], 1, kneeAngle), FormRules.For(Exercise.Squat, thresholds));

    [Fact]
    public void KneesPastTheToesAreAFaultFromTheSideAndNotJudgedFromTheFront()
    {
        var side = Assess(SideSquat(500, 500), SideSquat(700, 640));        // knee 80 px past the toes, shin 252 px: 0.32
        Assert.Equal(BodyView.Side, side.View);
        var fault = Assert.Single(side.Faults);
        Assert.Equal("KneesPastToes", fault.Rule);
        Assert.Equal(80 / Math.Sqrt(140 * 140 + 210 * 210), fault.Measured, 3);
        Assert.Contains("past your toes", fault.Feedback);
        Assert.Contains("KneesCaveIn", side.NotJudged.Select(n => n.Rule));   // a front-view rule, skipped from the side
        Assert.Contains(side.NotJudged, n => n.Rule == "HeelsRising" && n.Reason.Contains("heel"));   // listed, never guessed

        Assert.Empty(Assess(SideSquat(500, 500), SideSquat(700, 540)).Faults);   // knee short of the toes: good form

        var front = Assess(FrontSquat(500, 160), FrontSquat(700, 160));
        Assert.Equal(BodyView.Front, front.View);
        var skipped = Assert.Single(front.NotJudged, n => n.Rule == "KneesPastToes");
        Assert.Contains("side", skipped.Reason);
        Assert.DoesNotContain("KneesPastToes", front.Judged);
    }

    [Fact]
    public void KneesCavingInAreAFaultFromTheFront()
    {
        var good = Assess(FrontSquat(500, 160), FrontSquat(700, 170));
        Assert.Empty(good.Faults);
        Assert.Contains("KneesCaveIn", good.Judged);
        var caving = Assess(FrontSquat(500, 160), FrontSquat(700, 80));      // knees at half their standing spread
        Assert.Equal(0.5, Assert.Single(caving.Faults).Measured, 3);
    }

    [Fact]
    public void AHalfSquatIsShallowAndThresholdsAreOverriddenByName()
    {
        Assert.Equal("Depth", Assert.Single(Assess(SideSquat(500, 500), SideSquat(600, 520), kneeAngle: 128).Faults).Rule);
        Assert.Empty(Assess(SideSquat(500, 500), SideSquat(600, 520), kneeAngle: 128, new Dictionary<string, double> { ["depth"] = 130 }).Faults);
        var e = Assert.Throws<ArgumentException>(() => FormRules.For(Exercise.Squat, new Dictionary<string, double> { ["HeelLift"] = 1 }));
        Assert.Contains("KneesPastToes", e.Message);
    }

    [Fact]
    public void TheIncorrectSquatIsFlaggedAndTheCorrectOnesAreNot()
    {
        var incorrect = RepetitionTracker.Count(TestEstimators.Video("squat_incorrect_002.mp4"), Exercise.Squat);
        var repetition = Assert.Single(incorrect);
        output.WriteLine($"squat_incorrect_002: {repetition.Form.View}, faults {string.Join("; ", repetition.Form.Faults)}");
        Assert.Equal(BodyView.Side, repetition.Form.View);
        Assert.Contains("KneesPastToes", repetition.Faults);   // videos.json: "knees travel far past the toes"

        var estimator = TestEstimators.For(new PoseEstimatorOptions { MaxPoses = 2 });
        foreach (var clip in new[] { "squat_correct_010.mp4", "squat_correct_012.mp4" })
        {
            var reps = RepetitionTracker.Count(estimator.EstimateVideo(TestEnvironment.DataFile(clip)).ToList(), Exercise.Squat);
            Assert.NotEmpty(reps);
            foreach (var r in reps)
            {
                output.WriteLine($"{clip} person {r.PersonId}: {r.Form.View}, judged {string.Join(",", r.Form.Judged)}, faults {string.Join("; ", r.Form.Faults)}");
                Assert.Empty(r.Faults);
                Assert.NotEmpty(r.Form.Judged);
            }
        }
    }

    [Fact]
    public void InPwshEachSquatCarriesItsFaultsAndFeedbackAndThresholdsCanBeChanged()
    {
        string clip = Quote(TestEnvironment.DataFile("squat_incorrect_002.mp4"));
        var lines = Ok($$"""
            $poses = Get-Pose {{clip}}
            $poses | Measure-PoseRepetition -Exercise Squat | ForEach-Object { 'faults: ' + ($_.Faults -join ','); $_.Feedback }
            $poses | Measure-PoseRepetition -Exercise Squat -FormThreshold @{ KneesPastToes = 2 } | ForEach-Object { 'lenient: ' + ($_.Faults -join ',') }
            try { $poses | Measure-PoseRepetition -Exercise Squat -FormThreshold @{ Heels = 1 } -ErrorAction Stop } catch { 'error: ' + $_.FullyQualifiedErrorId }
            """);
        output.WriteLine(string.Join("\n", lines));
        Assert.Contains("faults: KneesPastToes", lines);
        Assert.Contains(lines, l => l.Contains("past your toes"));
        Assert.Contains("lenient: ", lines);
        Assert.Contains(lines, l => l.StartsWith("error: InvalidThresholds"));
    }
    [Theory]
    [InlineData("plank_correct_001.mp4")]
    [InlineData("plank_correct_002.mp4")]
    [InlineData("plank_correct_006.mp4")]
    public void EachPlankClipIsOneHoldCoveringTheClipWithGoodForm(string clip)
    {
        var frames = TestEstimators.Video(clip);
        var hold = Assert.Single(HoldTracker.Find(frames));
        output.WriteLine($"{clip}: frames {hold.StartFrame}–{hold.EndFrame} of {frames.Count}, {hold.Duration?.TotalSeconds:F1} s, faults {string.Join(",", hold.Faults)}");
        Assert.True(hold.EndFrame - hold.StartFrame + 1 >= 0.9 * frames.Count);   // videos.json: held for the whole clip
        Assert.Empty(hold.Faults);
        Assert.InRange(hold.Duration!.Value.TotalSeconds, 0.9 * frames.Count / VideoTruth.For(clip).Fps, frames.Count / VideoTruth.For(clip).Fps);
    }

    [Fact]
    public void NoHoldInASquatAndOneNoisyFrameDoesNotBreakAHold()
    {
        Assert.Empty(HoldTracker.Find(TestEstimators.Video("squat_correct_010.mp4")));
        // The plank with one frame in every ten dropped (the person not found): still one hold.
        var frames = TestEstimators.Video("plank_correct_002.mp4").Select((r, i) => i % 10 == 5 ? r with { Poses = [] } : r).ToList();
        Assert.Single(HoldTracker.Find(frames));
    }

    [Fact]
    public void SaggingHipsAreAHoldFaultAndMeasurePoseHoldRunsInPwsh()
    {
        // A level body whose hips sag 0.15 body lengths below the shoulder–ankle line, one pose per frame for 2 s.
        var sagging = Synthetic(new()
        {
            [PoseLandmark.LeftShoulder] = (200, 500), [PoseLandmark.LeftElbow] = (200, 600), [PoseLandmark.LeftHip] = (500, 590),
            [PoseLandmark.LeftKnee] = (650, 545), [PoseLandmark.LeftAnkle] = (800, 500),
        });
        var results = Enumerable.Range(0, 60).Select(i => new PoseResult("synthetic", Size, Size, PoseTools.Models.ModelComplexity.Full, [sagging],
            new PoseTimings(0, 0, 0, 0, 0)) { FrameIndex = i, Timestamp = TimeSpan.FromSeconds(i / 30.0) }).ToList();
        var hold = Assert.Single(HoldTracker.Find(results));
        Assert.Equal(["HipsSagging"], hold.Faults);
        Assert.Empty(Assert.Single(HoldTracker.Find(results, thresholds: new Dictionary<string, double> { ["HipsSagging"] = -0.2 })).Faults);

        var lines = Ok($$"""
            Get-Pose {{Quote(TestEnvironment.DataFile("plank_correct_001.mp4"))}} | Measure-PoseHold | ForEach-Object { '{0}|{1}|{2:F1}' -f $_.StartFrame, $_.EndFrame, $_.Duration.TotalSeconds }
            """);
        output.WriteLine(string.Join("\n", lines));
        Assert.Matches(@"^0\|7[0-9]\|2\.[0-9]$", Assert.Single(lines));
    }
}
