using PoseTools.Analysis;
using PoseTools.Inference;

namespace PoseTools.Tests.Video;

/// <summary>Repetition counting on synthetic angle signals with known counts, then on the shared clips.</summary>
public sealed class RepetitionCounterTests(Xunit.Abstractions.ITestOutputHelper output)
{
    private static readonly RepetitionThresholds Squat = new(120, 150);

    /// <summary>Standing at <paramref name="top"/>°, each repetition a smooth dip to its depth and back, plus noise.</summary>
    private static List<double> Signal(double top, IEnumerable<double> depths, double noise, int seed, int framesPerRep = 60, int pause = 20)
    {
        var random = new Random(seed);
        var angles = new List<double>();
        void Add(double value) => angles.Add(value + noise * (random.NextDouble() * 2 - 1));
        for (int i = 0; i < pause; i++) Add(top);
        foreach (double depth in depths)
        {
            for (int i = 0; i < framesPerRep; i++) Add(top - (top - depth) * (1 - Math.Cos(2 * Math.PI * i / framesPerRep)) / 2);
            for (int i = 0; i < pause; i++) Add(top);
        }
        return angles;
    }

    private static List<Repetition> Count(IReadOnlyList<double> angles, RepetitionThresholds thresholds)
    {
        var counter = new RepetitionCounter(thresholds, "test");
        var reps = new List<Repetition>();
        for (int i = 0; i < angles.Count; i++)
            if (counter.Add(i, TimeSpan.FromSeconds(i / 30.0), angles[i]) is { } rep) reps.Add(rep);
        reps.AddRange(counter.Flush());
        return reps;
    }

    [Theory]
    [InlineData(1, 0.0, 1)]
    [InlineData(5, 4.0, 2)]
    [InlineData(12, 8.0, 3)]
    public void CountsEveryFullRepetitionThroughNoise(int repetitions, double noise, int seed)
    {
        var reps = Count(Signal(170, Enumerable.Repeat(90.0, repetitions), noise, seed), Squat);
        Assert.Equal(repetitions, reps.Count);
        Assert.Equal(Enumerable.Range(1, repetitions), reps.Select(r => r.Index));
        Assert.All(reps, r => Assert.InRange(r.ExtremeAngle, 90 - noise, 90 + noise + 1));   // the median flattens the very bottom a little
        Assert.All(reps, r => Assert.True(r.StartFrame < r.ExtremeFrame && r.ExtremeFrame < r.EndFrame));
        Assert.All(reps.Zip(reps.Skip(1)), p => Assert.True(p.First.EndFrame <= p.Second.StartFrame));
    }

    [Fact]
    public void PartialRepetitionsDoNotCount()
    {
        // Full, half (down to 130°, never past 120°), full, quarter, full.
        var reps = Count(Signal(170, [90, 130, 95, 150, 100], 3, 4), Squat);
        Assert.Equal(3, reps.Count);
        Assert.Equal([90, 95, 100], reps.Select(r => Math.Round(r.ExtremeAngle / 5) * 5));
    }

    [Fact]
    public void ARepetitionCutOffByTheEndOfTheClipDoesNotCount()
    {
        var angles = Signal(170, [90, 90], 2, 5);
        angles.AddRange(Enumerable.Range(0, 30).Select(i => 170 - 80 * (1 - Math.Cos(Math.PI * i / 30)) / 2));   // down, never back up
        Assert.Equal(2, Count(angles, Squat).Count);
    }

    [Fact]
    public void TheLastRepetitionCountsWhenTheClipEndsRightAfterIt()
    {
        var full = Signal(170, [90], 0, 6);
        int bottom = full.IndexOf(full.Min());
        int back = full.FindIndex(bottom, a => a >= 155);
        var angles = full.Take(back + 1).ToList();   // the clip ends on the first frame back at the top
        Assert.Single(Count(angles, Squat));
    }

    [Fact]
    public void SingleFrameGlitchesAndMissingFramesDoNotCount()
    {
        var angles = Signal(170, [90, 90], 2, 8);
        angles[60] = 170;   // a one-frame jump to "standing" mid-squat (bad landmarks), would otherwise end the rep early
        angles[90] = 60;    // a one-frame dip while standing between the reps
        for (int i = 40; i < 50; i++) angles[i] = double.NaN;   // landmarks not seen
        var reps = Count(angles, Squat);
        Assert.Equal(2, reps.Count);
    }

    [Fact]
    public void StartingMidMovementWaitsForTheStartPosition()
    {
        var angles = Signal(170, [90, 90], 1, 9).Skip(50).ToList();   // the clip opens at the bottom of the first rep
        Assert.Single(Count(angles, Squat));
    }

    [Fact]
    public void RisingMovementsCountTheOtherWay()
    {
        // Jumping-jack arms: 20° down, 160° up, seen as a dip of (180 − angle).
        var angles = Signal(170, [50, 50, 50, 130], 3, 10).Select(a => 190 - a).ToList();
        var reps = Count(angles, new RepetitionThresholds(50, 120, RepetitionDirection.RiseFromLow));
        Assert.Equal(3, reps.Count);
        Assert.All(reps, r => Assert.InRange(r.ExtremeAngle, 135, 145));
    }

    [Theory]
    [InlineData(150, 120)]
    [InlineData(100, 100)]
    [InlineData(-5, 100)]
    [InlineData(90, 190)]
    public void NonsenseThresholdsAreRejected(double low, double high) =>
        Assert.Throws<ArgumentException>(() => new RepetitionCounter(new RepetitionThresholds(low, high)));

    [Theory]
    [InlineData("pushup_incorrect_001.mp4", Exercise.PushUp)]
    [InlineData("squat_correct_010.mp4", Exercise.Squat)]
    public void CountsTheSharedClipsExactly(string clip, Exercise exercise)
    {
        var truth = VideoTruth.For(clip);
        var reps = RepetitionTracker.Count(TestEstimators.Video(clip), exercise);
        Assert.Equal(truth.Repetitions, reps.Count);
        // Each repetition's deepest point lies in one of the low phases the clip's notes give.
        Assert.All(reps, r => Assert.Contains(truth.LowPhases, phase => r.ExtremeFrame >= phase.Start && r.ExtremeFrame <= phase.End));
        Assert.Equal(truth.LowPhases.Count, reps.Select(r => truth.LowPhases.FindIndex(p => r.ExtremeFrame >= p.Start && r.ExtremeFrame <= p.End)).Distinct().Count());
    }

    /// <summary>Every squat and push-up clip of videos.json, with the repetitions of each person in it.</summary>
    public static TheoryData<string, Exercise, int[]> LabelledClips()
    {
        using var doc = System.Text.Json.JsonDocument.Parse(File.ReadAllText(TestEnvironment.DataFile("videos.json")));
        var data = new TheoryData<string, Exercise, int[]>();
        foreach (var clip in doc.RootElement.EnumerateObject())
        {
            string exercise = clip.Value.TryGetProperty("exercise", out var e) ? e.GetString()! : "";
            Exercise? preset = exercise.Contains("squat") ? Exercise.Squat : exercise.Contains("push-up") ? Exercise.PushUp : null;
            if (preset is null) continue;
            int[] perPerson = clip.Value.TryGetProperty("repetitions_each", out var each)
                ? each.EnumerateObject().Select(p => p.Value.GetInt32()).ToArray()
                : [clip.Value.GetProperty("repetitions").GetInt32()];
            data.Add(clip.Name, preset.Value, perPerson);
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(LabelledClips))]
    public void EveryLabelledClipCountsPerPersonAsVideosJsonSays(string clip, Exercise exercise, int[] perPerson)
    {
        // Several people may be in the clip (an athlete and a coach): each tracked person is counted on their own.
        var frames = TestEstimators.For(new PoseEstimatorOptions { MaxPoses = 2 }).EstimateVideo(TestEnvironment.DataFile(clip)).ToList();
        var reps = RepetitionTracker.Count(frames, exercise);
        var counted = reps.GroupBy(r => r.PersonId).Select(g => g.Count()).Where(n => n > 0).OrderDescending().ToArray();
        output.WriteLine($"{clip}: counted {string.Join(",", counted)}; videos.json {string.Join(",", perPerson)}");
        Assert.Equal(perPerson.Where(n => n > 0).OrderDescending().ToArray(), counted);
    }

    [Fact]
    public void PerFrameDetectionCountsTheSameOnTheSharedClips()
    {
        Assert.Equal(2, RepetitionTracker.Count(TestEstimators.Video("pushup_incorrect_001.mp4", track: false), Exercise.PushUp).Count);
        Assert.Single(RepetitionTracker.Count(TestEstimators.Video("squat_correct_010.mp4", track: false), Exercise.Squat));
    }
}
