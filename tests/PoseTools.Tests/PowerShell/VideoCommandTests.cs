using OpenCvSharp;
using PoseTools.Export;
using PoseTools.Imaging;
using static PoseTools.Tests.PowerShell.Pwsh;

namespace PoseTools.Tests.PowerShell;

/// <summary>The cmdlets on the shared clips, in real pwsh.</summary>
public sealed class VideoCommandTests
{
    private static string Squat => TestEnvironment.DataFile("squat_correct_010.mp4");
    private static string PushUp => TestEnvironment.DataFile("pushup_incorrect_001.mp4");
    private const string FrameRow = "filter FrameRow { $_.FrameIndex, $_.Timestamp.TotalMilliseconds, $_.Poses.Count, (@($_.Poses | ForEach-Object PersonId) -join ';'), $(if ($_.Poses.Count) { $_.Poses[0].Landmarks.Nose.X.ToString('R', [cultureinfo]::InvariantCulture) }) -join '|' }";

    private sealed record Frame(long? Index, double Milliseconds, int Poses, string PersonIds, string NoseX);

    private static List<Frame> Frames(IEnumerable<string> rows) => rows.Select(r => r.Split('|')).Select(p => new Frame(
        p[0].Length == 0 ? null : long.Parse(p[0]), p[1].Length == 0 ? double.NaN : double.Parse(p[1], System.Globalization.CultureInfo.InvariantCulture),
        int.Parse(p[2]), p[3], p[4])).ToList();

    /// <summary>The first <paramref name="count"/> frames of the squat clip as PNG files in a fresh folder.</summary>
    private static string SquatFrames(int count)
    {
        var dir = TestEnvironment.NewTempDirectory("posetools-frames");
        using var source = VideoReader.Open(Squat);
        foreach (var frame in source.Frames().Take(count))
            Cv2.ImWrite(Path.Combine(dir, $"f{frame.Index:D3}.png"), frame.Image);
        return dir;
    }

    [Fact]
    public void AVideoStreamsOneResultPerFrameWithIdsAndProgress()
    {
        var run = Run($$"""
            {{FrameRow}}
            Get-Pose {{Quote(Squat)}} -Verbose | FrameRow
            $ps = [PowerShell]::Create()
            $null = $ps.AddScript("Import-Module '{{Manifest}}'; Get-Pose '{{Squat}}' | Select-Object -First 20")
            $null = $ps.Invoke()
            $ps.Streams.Progress | Where-Object { $_.StatusDescription -match 'frame' -and $_.PercentComplete -gt 0 } | Select-Object -First 1 | ForEach-Object { 'progress ' + $_.StatusDescription }
            """);
        Assert.Empty(run.Errors);
        var truth = Video.VideoTruth.For("squat_correct_010.mp4");
        var frames = Frames(run.Output.Where(l => !l.StartsWith("progress")));
        Assert.Equal(truth.Frames, frames.Count);
        Assert.Equal(Enumerable.Range(0, truth.Frames).Select(i => (long?)i), frames.Select(r => r.Index));
        Assert.Equal(TimeSpan.FromSeconds(45 / truth.Fps).TotalMilliseconds, frames[45].Milliseconds, 1.0);
        Assert.All(frames.Where(f => f.Poses > 0), f => Assert.Equal("1", f.PersonIds));
        Assert.True(frames.Count(r => r.Poses == 1) >= truth.Frames - 3);
        Assert.Contains(run.Output, l => l.StartsWith("progress"));
        Assert.Contains(run.Verbose, v => v.Contains("OpenCV"));
    }

    [Fact]
    public void NoTrackingTreatsFramesAsPhotos()
    {
        var frames = Frames(Ok($"{FrameRow}\nGet-Pose {Quote(Squat)} -NoTracking | FrameRow"));
        Assert.Equal(90, frames.Count);
        Assert.All(frames.Where(f => f.Poses > 0), f => Assert.Equal("", f.PersonIds));
    }

    [Fact]
    public void AFolderOrWildcardOfFramesIsOneSequence()
    {
        var dir = SquatFrames(12);
        var lines = Ok($"""
            {FrameRow}
            Get-Pose {Quote(dir)} -FrameRate 10 | FrameRow; '--'
            Get-Pose {Quote(dir + "/f0*.png")} -Sequence -FrameRate 10 | FrameRow; '--'
            Get-ChildItem {Quote(dir + "/*.png")} | Get-Pose -Sequence -FrameRate 10 | FrameRow; '--'
            Get-Pose {Quote(dir + "/f00*.png")} | FrameRow
            """);
        var runs = string.Join("\n", lines).Split("--").Select(part => Frames(part.Split('\n', StringSplitOptions.RemoveEmptyEntries))).ToList();
        foreach (var run in runs.Take(3))
        {
            Assert.Equal(12, run.Count);
            Assert.Equal(Enumerable.Range(0, 12).Select(i => (long?)i), run.Select(r => r.Index));
            Assert.Equal(1100, run[11].Milliseconds);
            Assert.All(run.Where(f => f.Poses > 0), f => Assert.Equal("1", f.PersonIds));
        }
        Assert.Equal(runs[0].Select(r => r.NoseX), runs[1].Select(r => r.NoseX));
        // Without -Sequence the same files are separate photos.
        Assert.All(runs[3], r => Assert.Null(r.Index));
    }

    [Fact]
    public void ABrokenFrameInASequenceIsReportedAndTheRestRuns()
    {
        var dir = SquatFrames(6);
        File.WriteAllText(Path.Combine(dir, "f003.png"), "not a picture");
        var run = Run($"{FrameRow}\nGet-Pose {Quote(dir)} | FrameRow");
        Assert.Equal([0L, 1, 2, 4, 5], Frames(run.Output).Select(f => f.Index!.Value));
        var error = Assert.Single(run.Errors);
        Assert.Equal(Path.Combine(dir, "f003.png"), error.Target);
        Assert.Equal("InvalidData", error.Category);
    }

    [Fact]
    public void RepetitionsFromAClipWithPresetOrOwnThresholds()
    {
        var run = Run($$"""
            filter Rep { $_.PersonId, $_.Index, $_.Movement, ($_.StartTime -lt $_.EndTime) -join '|' }
            Get-Pose {{Quote(Squat)}} | Measure-PoseRepetition -Exercise Squat | Rep
            Get-Pose {{Quote(Squat)}} | Measure-PoseRepetition -Joint RightKnee -Low 135 -High 160 -Space World | Rep
            Get-Pose {{Quote(PushUp)}} | Measure-PoseRepetition PushUp | Rep
            Get-Pose {{Quote(Squat)}} | Measure-PoseRepetition -Joint RightKnee -Low 160 -High 130
            """);
        Assert.Equal(["1|1|Squat|True", "1|1|RightKnee|True", "1|1|PushUp|True", "1|2|PushUp|True"], run.Output);
        Assert.Equal("InvalidThresholds,PoseTools.PowerShell.MeasurePoseRepetitionCommand", Assert.Single(run.Errors).Id);
    }

    [Fact]
    public void AnglesAndFallsOnAStream()
    {
        var lines = Ok($$"""
            $a = Get-Pose {{Quote(PushUp)}} | Measure-PoseAngle RightElbow
            $m = $a | Measure-Object Degrees -Minimum -Maximum
            $a.Count, $m.Minimum, $m.Maximum, (@($a | ForEach-Object PersonId | Select-Object -Unique) -join ';') -join '|'
            'falls ' + @(Get-Pose {{Quote(PushUp)}} | Find-PoseFall).Count
            """);
        var p = lines[0].Split('|');
        Assert.True(int.Parse(p[0]) >= 280);
        Assert.True(double.Parse(p[1]) < 70 && double.Parse(p[2]) > 150, "the elbow should bend and straighten");
        Assert.Equal("1", p[3]);
        Assert.Equal("falls 0", lines[1]);
    }

    [Fact]
    public void AnnotatedVideoKeepsEveryFrameAndTheSkeletonIsDrawn()
    {
        var dir = TestEnvironment.NewTempDirectory("posetools-annotated");
        var file = Assert.Single(Ok($"Get-Pose {Quote(Squat)} | Export-PoseSkeleton -OutDirectory {Quote(dir)} -PassThru | ForEach-Object FullName"));
        Assert.Equal("squat_correct_010.pose.mp4", Path.GetFileName(file));
        Assert.Equal(["squat_correct_010.pose.mp4"], Directory.GetFiles(dir).Select(Path.GetFileName));   // no partial file left
        var results = TestEstimators.Video("squat_correct_010.mp4");
        using var annotated = VideoReader.Open(file);
        int frames = 0, red = 0, joints = 0;
        foreach (var frame in annotated.Frames())
        {
            Assert.Equal(new Size(1280, 720), frame.Image.Size());
            // The joints are drawn red where the landmarks are (compression blurs the colour a little).
            foreach (var l in results[frames++].Poses.SelectMany(p => p.Landmarks).Where(l => l.Visibility > 0.8 && l.PixelX is > 3 and < 1276 && l.PixelY is > 3 and < 716))
            {
                var pixel = frame.Image.At<Vec3b>((int)Math.Round(l.PixelY), (int)Math.Round(l.PixelX));
                joints++;
                if (pixel.Item2 > 150 && pixel.Item1 < 110 && pixel.Item0 < 110) red++;
            }
        }
        Assert.Equal(90, frames);
        Assert.True(joints > 1000 && red > 0.8 * joints, $"{red} of {joints} joints are red");
    }

    [Fact]
    public void AVideoCutShortKeepsItsLengthAndFramesWritesImages()
    {
        var dir = TestEnvironment.NewTempDirectory("posetools-cut");
        Ok($"""
            Get-Pose {Quote(Squat)} | Where-Object FrameIndex -lt 30 | Export-PoseSkeleton -Path {Quote(dir + "/{Name}.avi")}
            Get-Pose {Quote(Squat)} | Where-Object FrameIndex -lt 5 | Export-PoseSkeleton -OutDirectory {Quote(dir + "/frames")} -Frames -Format jpg
            """);
        using (var annotated = VideoReader.Open(Path.Combine(dir, "squat_correct_010.avi")))
            Assert.Equal(90, annotated.Frames().Count());
        Assert.Equal(Enumerable.Range(0, 5).Select(i => $"squat_correct_010.{i:D6}.pose.jpg"), Directory.GetFiles(Path.Combine(dir, "frames")).Select(Path.GetFileName).Order());
    }

    [Fact]
    public void CsvExportHasARowPerFramePerLandmark()
    {
        var dir = TestEnvironment.NewTempDirectory("posetools-videocsv");
        var frames = Frames(Ok($"{FrameRow}\nGet-Pose {Quote(Squat)} -OutVariable r | Export-Pose {Quote(dir + "/squat.csv")}; $r | FrameRow"));
        var lines = File.ReadAllLines(Path.Combine(dir, "squat.csv"));
        Assert.Equal(PoseCsvWriter.Header, lines[0]);
        Assert.Equal(frames.Sum(r => r.Poses) * 33, lines.Length - 1);
        var row = lines[1 + 33 * 10].Split(',');
        var frame10 = frames.First(r => r.Poses > 0 && r.Index >= 10);
        Assert.Equal(frame10.Index.ToString(), row[1]);
        Assert.Equal(frame10.Milliseconds, double.Parse(row[2], System.Globalization.CultureInfo.InvariantCulture), 1.0);
        Assert.Equal("1", row[4]);
    }

    [Fact]
    public void ABrokenVideoIsAnErrorAndTheNextInputStillRuns()
    {
        var dir = TestEnvironment.NewTempDirectory("posetools-badvideo");
        var broken = Path.Combine(dir, "broken.mp4");
        File.WriteAllBytes(broken, Enumerable.Range(0, 4096).Select(i => (byte)(i * 37)).ToArray());
        var run = Run($"Get-Pose {Quote(broken)}, {Quote(TestEnvironment.DataFile("messi5.jpg"))} | ForEach-Object Source");
        var error = Assert.Single(run.Errors);
        Assert.Equal("InvalidData", error.Category);
        Assert.Equal(broken, error.Target);
        Assert.Contains("broken.mp4", error.Message);
        Assert.Equal("messi5.jpg", Path.GetFileName(Assert.Single(run.Output)));
    }

    [Fact]
    public void RepetitionsOnPhotosWarn()
    {
        var run = Run($"Get-Pose {Quote(TestEnvironment.DataFile("messi5.jpg"))} | Measure-PoseRepetition Squat");
        Assert.Empty(run.Output);
        Assert.Contains(run.Warnings, w => w.Contains("not a video frame"));
    }
}
