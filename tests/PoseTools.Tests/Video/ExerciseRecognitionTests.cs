using PoseTools.Analysis;
using PoseTools.Inference;
using Xunit.Abstractions;
using static PoseTools.Tests.PowerShell.Pwsh;

namespace PoseTools.Tests.Video;

/// <summary>Get-PoseExercise on every labelled clip: the athlete's exercise as videos.json says, a standing coach Unknown.</summary>
public sealed class ExerciseRecognitionTests(ITestOutputHelper output)
{
    public static TheoryData<string, Exercise, int> LabelledClips()
    {
        using var doc = System.Text.Json.JsonDocument.Parse(File.ReadAllText(TestEnvironment.DataFile("videos.json")));
        var data = new TheoryData<string, Exercise, int>();
        foreach (var clip in doc.RootElement.EnumerateObject())
        {
            if (!clip.Value.TryGetProperty("exercise", out var e)) continue;
            string name = e.GetString()!;
            var exercise = name.Contains("squat") ? Exercise.Squat : name.Contains("push-up") ? Exercise.PushUp
                : name.Contains("plank") ? Exercise.Plank : name.Contains("twist") ? Exercise.RussianTwist
                : throw new InvalidDataException($"{clip.Name}: an exercise the test does not know: {name}");
            data.Add(clip.Name, exercise, clip.Value.GetProperty("people").GetInt32());
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(LabelledClips))]
    public void TheAthletesExerciseIsRecognisedAndBystandersAreUnknown(string clip, Exercise exercise, int people)
    {
        var frames = TestEstimators.For(new PoseEstimatorOptions { MaxPoses = 2 }).EstimateVideo(TestEnvironment.DataFile(clip)).ToList();
        var found = ExerciseRecognizer.Recognize(frames);
        foreach (var r in found) output.WriteLine($"{clip}: person {r.PersonId} {r.Exercise} {r.Confidence:F2}, frames {r.StartFrame}–{r.EndFrame}: {r.Evidence}");
        Assert.Equal(people, found.Count);
        Assert.Equal(exercise, Assert.Single(found, r => r.Exercise != Exercise.Unknown).Exercise);
        Assert.All(found.Where(r => r.Exercise != exercise), r => Assert.Equal(Exercise.Unknown, r.Exercise));   // the coach
        Assert.All(found, r => Assert.InRange(r.Confidence, 0.5, 1));
    }

    [Fact]
    public void GetPoseExerciseRunsInPwsh()
    {
        var lines = Ok($$"""
            Get-Pose {{Quote(TestEnvironment.DataFile("squat_correct_012.mp4"))}} -MaxPoses 2 | Get-PoseExercise | Sort-Object Exercise | ForEach-Object { '{0}|{1}' -f $_.Exercise, $_.StartFrame }
            """);
        Assert.Equal(["Squat|0", "Unknown|0"], lines);
    }
    [Fact]
    public void MeasurePoseRepetitionWithoutAnExerciseCountsWhatItRecognises()
    {
        var lines = Ok($$"""
            $frames = Get-Pose {{Quote(TestEnvironment.DataFile("squat_correct_012.mp4"))}} -MaxPoses 2
            $frames | Measure-PoseRepetition | ForEach-Object { '{0}|{1}|{2}' -f $_.Movement, $_.PersonId, $_.Faults.Count }
            $frames | Measure-PoseRepetition -Verbose 4>&1 | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] } | ForEach-Object { 'verbose: ' + $_.Message }
            """);
        output.WriteLine(string.Join("\n", lines));
        Assert.Single(lines, l => l.StartsWith("Squat|"));               // the athlete's one squat, by her id
        Assert.Contains(lines, l => l.StartsWith("verbose: ") && l.Contains("Unknown") && l.Contains("no repetitions"));   // the coach
    }
}
