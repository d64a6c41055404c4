using OpenCvSharp;
using PoseTools.Analysis;
using PoseTools.Imaging;
using PoseTools.Tests.Video;
using Xunit.Abstractions;
using static PoseTools.Tests.PowerShell.Pwsh;

namespace PoseTools.Tests.PowerShell;

/// <summary>Export-PoseSkeleton -Annotate in real pwsh: a coach's notes drawn on the workout videos of the shared data.</summary>
public sealed class AnnotateCommandTests(ITestOutputHelper output)
{
    // Pixels where the annotated frame differs from the plain one (the notes), and how many of them are red or green text.
    private static (int Changed, int Red, int Green, int Top) Notes(Mat annotated, Mat plain)
    {
        int changed = 0, red = 0, green = 0, top = int.MaxValue, rows = annotated.Rows, cols = annotated.Cols;
        for (int y = 0; y < rows; y += 2)
            for (int x = 0; x < cols; x += 2)
            {
                var a = annotated.At<Vec3b>(y, x);
                var p = plain.At<Vec3b>(y, x);
                if (Math.Abs(a.Item0 - p.Item0) + Math.Abs(a.Item1 - p.Item1) + Math.Abs(a.Item2 - p.Item2) < 90) continue;
                changed++;
                top = Math.Min(top, y);
                if (a.Item2 > 170 && a.Item1 < 130 && a.Item0 < 130) red++;
                if (a.Item1 > 150 && a.Item2 < 140 && a.Item0 < 140) green++;
            }
        return (changed, red, green, top);
    }

    [Theory]
    [InlineData("squat_incorrect_002.mp4", true)]
    [InlineData("squat_correct_010.mp4", false)]
    public void EachRepetitionIsMarkedWithItsFaultsOrGoodForm(string clip, bool faulty)
    {
        var dir = TestEnvironment.NewTempDirectory("posetools-annotate");
        string source = Quote(TestEnvironment.DataFile(clip));
        var lines = Ok($$"""
            $poses = Get-Pose {{source}}
            $poses | Export-PoseSkeleton -Path {{Quote(dir + "/plain.avi")}}
            $poses | Export-PoseSkeleton -Path {{Quote(dir + "/notes.avi")}} -Annotate -Verbose -PassThru 4>&1 | ForEach-Object { "$_" }
            """);
        output.WriteLine(string.Join("\n", lines));
        Assert.Contains(lines, l => l.Contains("person 1: Squat, 1 repetition(s)"));
        var repetition = Assert.Single(RepetitionTracker.Count(TestEstimators.Video(clip), Exercise.Squat));

        using var notes = VideoReader.Open(Path.Combine(dir, "notes.avi"));
        using var plain = VideoReader.Open(Path.Combine(dir, "plain.avi"));
        int frames = 0, faultFrames = 0, goodFrames = 0;
        foreach (var (a, p) in notes.Frames().Zip(plain.Frames()))
        {
            var (changed, red, green, _) = Notes(a.Image, p.Image);
            Assert.True(changed > 100, $"frame {a.Index}: no notes ({changed} pixels changed)");   // the count is always shown
            bool inRepetition = a.Index >= repetition.StartFrame && a.Index <= repetition.EndFrame;
            if (inRepetition && red > 20) faultFrames++;
            if (inRepetition && green > 20) goodFrames++;
            if (a.Index < repetition.StartFrame) Assert.True(red < 20 && green < 20, $"frame {a.Index}: coloured notes before the repetition");
            frames++;
        }
        Assert.Equal(VideoTruth.For(clip).Frames, frames);
        long repetitionFrames = repetition.EndFrame - repetition.StartFrame + 1;
        output.WriteLine($"{clip}: repetition {repetition.StartFrame}–{repetition.EndFrame}, faults [{string.Join(",", repetition.Faults)}]; red notes on {faultFrames}, green on {goodFrames} of its frames");
        Assert.Equal(faulty, repetition.Faults.Count > 0);
        Assert.True((faulty ? faultFrames : goodFrames) >= 0.9 * repetitionFrames);
        Assert.Equal(0, faulty ? goodFrames : faultFrames);
    }

    [Fact]
    public void TheCoachStandingByGetsNoNotesAndBadCombinationsAreRefused()
    {
        var dir = TestEnvironment.NewTempDirectory("posetools-annotate");
        string squat = Quote(TestEnvironment.DataFile("squat_correct_011.mp4"));
        var lines = Ok($$"""
            $poses = Get-Pose {{squat}} -MaxPoses 2
            $poses | Export-PoseSkeleton -OutDirectory {{Quote(dir)}} -Annotate -Verbose 4>&1 | Where-Object { "$_" -match 'person' } | ForEach-Object { "$_" }
            foreach ($bad in @{ Frames = $true; Annotate = $true }, @{ Exercise = 'Squat' }, @{ Annotate = $true; Exercise = 'Squat'; FormThreshold = @{ Heels = 1 } }, @{ Annotate = $true; Exercise = 'Unknown' }) {
                try { $poses | Select-Object -First 3 | Export-PoseSkeleton -OutDirectory {{Quote(dir + "/bad")}} @bad -ErrorAction Stop; 'no error' } catch { 'error: ' + $_.FullyQualifiedErrorId.Split(',')[0] }
            }
            """);
        output.WriteLine(string.Join("\n", lines));
        Assert.Contains(lines, l => l.Contains(": Squat, 1 repetition(s)"));
        Assert.Contains(lines, l => l.Contains(": Unknown, 0 repetition(s)"));
        Assert.Equal(["error: AnnotateNeedsVideo", "error: AnnotateNeeded", "error: InvalidThresholds", "error: InvalidExercise"], lines.Where(l => l.StartsWith("error") || l == "no error"));
        Assert.False(Directory.Exists(Path.Combine(dir, "bad")) && Directory.EnumerateFiles(Path.Combine(dir, "bad")).Any());
        Assert.True(File.Exists(Path.Combine(dir, "squat_correct_011.pose.mp4")));

        // The notes of every frame: the athlete's count on each, nothing for the coach.
        var frames = TestEstimators.For(new PoseTools.Inference.PoseEstimatorOptions { MaxPoses = 2 }).EstimateVideo(TestEnvironment.DataFile("squat_correct_011.mp4")).ToList();
        var workouts = WorkoutAnalysis.Analyze(frames);
        int? coach = Assert.Single(workouts, w => w.Exercise == Exercise.Unknown).PersonId, athlete = Assert.Single(workouts, w => w.Exercise == Exercise.Squat).PersonId;
        var labels = CoachLabels.For(workouts, frames);
        Assert.All(frames, r => Assert.DoesNotContain(labels.At(r.FrameIndex!.Value), l => l.PersonId == coach));
        Assert.All(frames, r => Assert.Contains(labels.At(r.FrameIndex!.Value), l => l.PersonId == athlete && l.Text.StartsWith("Squat: ")));
    }
}
