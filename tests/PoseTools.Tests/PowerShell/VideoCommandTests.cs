using System.Management.Automation;
using OpenCvSharp;
using PoseTools.Analysis;
using PoseTools.Export;
using PoseTools.Imaging;
using PoseTools.Results;

namespace PoseTools.Tests.PowerShell;

/// <summary>The cmdlets on the shared clips, through the hosted PowerShell engine.</summary>
public sealed class VideoCommandTests(ModuleSession session) : IClassFixture<ModuleSession>
{
    private static string Squat => TestEnvironment.DataFile("squat_correct_010.mp4");
    private static string PushUp => TestEnvironment.DataFile("pushup_incorrect_001.mp4");

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
        using var ps = session.Create();
        ps.AddScript($"Get-Pose '{Squat}' -Verbose");
        var results = ps.Invoke().Select(o => (PoseResult)o.BaseObject).ToList();
        Assert.False(ps.HadErrors);
        var truth = Video.VideoTruth.For("squat_correct_010.mp4");
        Assert.Equal(truth.Frames, results.Count);
        Assert.Equal(Enumerable.Range(0, truth.Frames).Select(i => (long?)i), results.Select(r => r.FrameIndex));
        Assert.Equal(TimeSpan.FromSeconds(45 / truth.Fps).TotalMilliseconds, results[45].Timestamp!.Value.TotalMilliseconds, 1.0);
        Assert.All(results.SelectMany(r => r.Poses), p => Assert.Equal(1, p.PersonId));
        Assert.True(results.Count(r => r.Poses.Count == 1) >= truth.Frames - 3);
        Assert.Contains(ps.Streams.Progress, p => p.StatusDescription.Contains("frame") && p.PercentComplete > 0);
        Assert.Contains(ps.Streams.Verbose, v => v.Message.Contains("OpenCV"));
    }

    [Fact]
    public void NoTrackingTreatsFramesAsPhotos()
    {
        var results = session.Ok($"Get-Pose '{Squat}' -NoTracking").Cast<PoseResult>().ToList();
        Assert.Equal(90, results.Count);
        Assert.All(results.SelectMany(r => r.Poses), p => Assert.Null(p.PersonId));
    }

    [Fact]
    public void AFolderOrWildcardOfFramesIsOneSequence()
    {
        var dir = SquatFrames(12);
        var fromFolder = session.Ok($"Get-Pose '{dir}' -FrameRate 10").Cast<PoseResult>().ToList();
        var fromWildcard = session.Ok($"Get-Pose '{dir}/f0*.png' -Sequence -FrameRate 10").Cast<PoseResult>().ToList();
        var byFileInfo = session.Ok($"$ExecutionContext.InvokeProvider.ChildItem.Get('{dir}/*.png', $false) | Get-Pose -Sequence -FrameRate 10").Cast<PoseResult>().ToList();
        foreach (var run in new[] { fromFolder, fromWildcard, byFileInfo })
        {
            Assert.Equal(12, run.Count);
            Assert.Equal(Enumerable.Range(0, 12).Select(i => (long?)i), run.Select(r => r.FrameIndex));
            Assert.Equal(TimeSpan.FromMilliseconds(1100), run[11].Timestamp);
            Assert.All(run.SelectMany(r => r.Poses), p => Assert.Equal(1, p.PersonId));
        }
        Assert.Equal(fromFolder.Select(r => r.Poses[0].Landmarks.Nose.X), fromWildcard.Select(r => r.Poses[0].Landmarks.Nose.X));
        // Without -Sequence the same files are separate photos.
        Assert.All(session.Ok($"Get-Pose '{dir}/f00*.png'").Cast<PoseResult>(), r => Assert.Null(r.FrameIndex));
    }

    [Fact]
    public void ABrokenFrameInASequenceIsReportedAndTheRestRuns()
    {
        var dir = SquatFrames(6);
        File.WriteAllText(Path.Combine(dir, "f003.png"), "not a picture");
        var (output, errors) = session.Run($"Get-Pose '{dir}'");
        Assert.Equal([0L, 1, 2, 4, 5], output.Select(o => ((PoseResult)o.BaseObject).FrameIndex!.Value));
        var error = Assert.Single(errors);
        Assert.Equal(Path.Combine(dir, "f003.png"), error.TargetObject);
        Assert.Equal(ErrorCategory.InvalidData, error.CategoryInfo.Category);
    }

    [Fact]
    public void RepetitionsFromAClipWithPresetOrOwnThresholds()
    {
        var squats = session.Ok($"Get-Pose '{Squat}' | Measure-PoseRepetition -Exercise Squat").Cast<Repetition>().ToList();
        var squat = Assert.Single(squats);
        Assert.Equal((1, 1, "Squat"), (squat.PersonId, squat.Index, squat.Movement));
        Assert.True(squat.StartTime < squat.EndTime);
        var own = session.Ok($"Get-Pose '{Squat}' | Measure-PoseRepetition -Joint RightKnee -Low 135 -High 160 -Space World").Cast<Repetition>().ToList();
        Assert.Equal("RightKnee", Assert.Single(own).Movement);
        var pushUps = session.Ok($"Get-Pose '{PushUp}' | Measure-PoseRepetition PushUp").Cast<Repetition>().ToList();
        Assert.Equal([1, 2], pushUps.Select(r => r.Index));
        var (_, errors) = session.Run($"Get-Pose '{Squat}' | Measure-PoseRepetition -Joint RightKnee -Low 160 -High 130");
        Assert.Equal("InvalidThresholds,PoseTools.PowerShell.MeasurePoseRepetitionCommand", Assert.Single(errors).FullyQualifiedErrorId);
    }

    [Fact]
    public void AnglesAndFallsOnAStream()
    {
        var angles = session.Ok($"Get-Pose '{PushUp}' | Measure-PoseAngle RightElbow").Cast<JointAngle>().ToList();
        Assert.True(angles.Count >= 280);
        Assert.True(angles.Min(a => a.Degrees) < 70 && angles.Max(a => a.Degrees) > 150, "the elbow should bend and straighten");
        Assert.All(angles, a => Assert.Equal(1, a.PersonId));
        Assert.Empty(session.Ok($"Get-Pose '{PushUp}' | Find-PoseFall"));
    }

    [Fact]
    public void AnnotatedVideoKeepsEveryFrameAndTheSkeletonIsDrawn()
    {
        var dir = TestEnvironment.NewTempDirectory("posetools-annotated");
        var files = session.Ok($"Get-Pose '{Squat}' | Export-PoseSkeleton -OutDirectory '{dir}' -PassThru").Cast<FileInfo>().ToList();
        var file = Assert.Single(files);
        Assert.Equal("squat_correct_010.pose.mp4", file.Name);
        Assert.Equal(["squat_correct_010.pose.mp4"], Directory.GetFiles(dir).Select(Path.GetFileName));   // no partial file left
        var results = TestEstimators.Video("squat_correct_010.mp4");
        using var annotated = VideoReader.Open(file.FullName);
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
    public void AVideoCutShortStillKeepsItsLength()
    {
        var dir = TestEnvironment.NewTempDirectory("posetools-cut");
        session.Ok($"Get-Pose '{Squat}' | Where-Object FrameIndex -lt 30 | Export-PoseSkeleton -Path '{dir}/{{Name}}.avi'");
        using var annotated = VideoReader.Open(Path.Combine(dir, "squat_correct_010.avi"));
        Assert.Equal(90, annotated.Frames().Count());
    }

    [Fact]
    public void FramesSwitchWritesOneImagePerFrame()
    {
        var dir = TestEnvironment.NewTempDirectory("posetools-videoframes");
        session.Ok($"Get-Pose '{Squat}' | Where-Object FrameIndex -lt 5 | Export-PoseSkeleton -OutDirectory '{dir}' -Frames -Format jpg");
        Assert.Equal(Enumerable.Range(0, 5).Select(i => $"squat_correct_010.{i:D6}.pose.jpg"), Directory.GetFiles(dir).Select(Path.GetFileName).Order());
    }

    [Fact]
    public void CsvExportHasARowPerFramePerLandmark()
    {
        var dir = TestEnvironment.NewTempDirectory("posetools-videocsv");
        var results = session.Ok($"Get-Pose '{Squat}' -OutVariable r | Export-Pose '{dir}/squat.csv'; $r").Cast<PoseResult>().ToList();
        var lines = File.ReadAllLines(Path.Combine(dir, "squat.csv"));
        Assert.Equal(PoseCsvWriter.Header, lines[0]);
        Assert.Equal(results.Sum(r => r.Poses.Count) * 33, lines.Length - 1);
        var row = lines[1 + 33 * 10].Split(',');
        var frame10 = results.First(r => r.Poses.Count > 0 && r.FrameIndex >= 10);
        Assert.Equal(frame10.FrameIndex.ToString(), row[1]);
        Assert.Equal(frame10.Timestamp!.Value.TotalMilliseconds, double.Parse(row[2], System.Globalization.CultureInfo.InvariantCulture), 1.0);
        Assert.Equal("1", row[4]);
    }

    [Fact]
    public void ABrokenVideoIsAnErrorAndTheNextInputStillRuns()
    {
        var dir = TestEnvironment.NewTempDirectory("posetools-badvideo");
        var broken = Path.Combine(dir, "broken.mp4");
        File.WriteAllBytes(broken, Enumerable.Range(0, 4096).Select(i => (byte)(i * 37)).ToArray());
        var (output, errors) = session.Run($"Get-Pose '{broken}', '{TestEnvironment.DataFile("messi5.jpg")}'");
        var error = Assert.Single(errors);
        Assert.Equal(ErrorCategory.InvalidData, error.CategoryInfo.Category);
        Assert.Equal(broken, error.TargetObject);
        Assert.Contains("broken.mp4", error.ToString());
        Assert.Equal("messi5.jpg", Path.GetFileName(Assert.Single(output.Select(o => (PoseResult)o.BaseObject)).Source));
    }

    [Fact]
    public void RepetitionsOnPhotosWarn()
    {
        using var ps = session.Create();
        ps.AddScript($"Get-Pose '{TestEnvironment.DataFile("messi5.jpg")}' | Measure-PoseRepetition Squat");
        Assert.Empty(ps.Invoke());
        Assert.Contains(ps.Streams.Warning, w => w.Message.Contains("not a video frame"));
    }
}
