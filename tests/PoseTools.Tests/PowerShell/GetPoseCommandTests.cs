using static PoseTools.Tests.PowerShell.Pwsh;

namespace PoseTools.Tests.PowerShell;

/// <summary>Get-Pose in real pwsh.</summary>
public sealed class GetPoseCommandTests
{
    private static string Data => Path.Combine(TestEnvironment.SharedDirectory, "data");

    [Fact]
    public void GetChildItemOutputBindsByPropertyName()
    {
        var rows = Ok($"Get-ChildItem {Quote(Data + "/*.jpg")} | Get-Pose | ForEach-Object {{ $_.Source + '|' + $_.Poses.Count }}");
        var jpgs = Directory.GetFiles(Data, "*.jpg").Order(StringComparer.Ordinal).ToList();
        Assert.Equal(jpgs, rows.Select(r => r.Split('|')[0]).Order(StringComparer.Ordinal));
        Assert.Contains(rows, r => r.EndsWith("no-person-fruits.jpg|0")); // the fruit bowl: an empty result, not an error
        Assert.Contains(rows, r => r.EndsWith("messi5.jpg|1"));
    }

    [Fact]
    public void WildcardPathIsResolvedRelativeToThePowerShellLocation()
    {
        var sources = Ok($"Get-Pose {Quote(Data + "/S*.jpg")} | ForEach-Object Source");
        Assert.Equal(4, sources.Count);
        Assert.All(sources, s => Assert.StartsWith("S", Path.GetFileName(s)));
        // relative to the PowerShell location, not the process's current directory
        var relative = Ok($"Set-Location {Quote(Data)}; (Get-Pose 'messi*.jpg').Source", workingDirectory: Path.GetTempPath());
        Assert.Equal([Path.Combine(Data, "messi5.jpg")], relative);
        // a plain path (no wildcard) takes a shorter way than globbing, to the same place: from the location, on a drive
        var plain = Ok(string.Join("\n",
            $"Set-Location {Quote(Data)}",
            "(Get-Pose messi5.jpg).Source",
            $"$null = New-PSDrive -Name PoseData -PSProvider FileSystem -Root {Quote(Data)}",
            "(Get-Pose PoseData:/messi5.jpg).Source",
            "Set-Location PoseData:/",
            "(Get-Pose ./messi5.jpg).Source"), workingDirectory: Path.GetTempPath());
        Assert.Equal(Enumerable.Repeat(Path.Combine(Data, "messi5.jpg"), 3), plain);
    }

    [Fact]
    public void BadFilesBecomeErrorRecordsAndTheGoodOnesStillComeOut()
    {
        var dir = TestEnvironment.NewTempDirectory("posetools-mixed");
        File.Copy(Path.Combine(Data, "messi5.jpg"), Path.Combine(dir, "a-good.jpg"));
        File.Copy(Path.Combine(Data, "basketball1.png"), Path.Combine(dir, "b-good.png"));
        File.WriteAllBytes(Path.Combine(dir, "c-empty.jpg"), []);
        File.WriteAllText(Path.Combine(dir, "d-text.jpg"), "not a picture");
        var messi = File.ReadAllBytes(Path.Combine(Data, "messi5.jpg"));
        File.WriteAllBytes(Path.Combine(dir, "e-cut.jpg"), messi[..(messi.Length / 2)]);

        var run = Run($"Get-Pose {Quote(dir + "/*")} | ForEach-Object Source");
        Assert.Equal(["a-good.jpg", "b-good.png"], run.Output.Select(Path.GetFileName));
        Assert.Equal(3, run.Errors.Count);
        Assert.All(run.Errors, e =>
        {
            Assert.Equal("InvalidImage,PoseTools.PowerShell.GetPoseCommand", e.Id);
            Assert.Equal("InvalidData", e.Category);
        });
        Assert.Equal(["c-empty.jpg", "d-text.jpg", "e-cut.jpg"], run.Errors.Select(e => Path.GetFileName(e.Target)));
    }

    [Fact]
    public void MissingFileIsAnObjectNotFoundError()
    {
        var run = Run("Get-Pose -LiteralPath '/no/such/photo.jpg'");
        Assert.Empty(run.Output);
        Assert.Equal("ObjectNotFound", Assert.Single(run.Errors).Category);
    }

    [Fact]
    public void LandmarksAreReadableByName()
    {
        var lines = Ok($"$p = (Get-Pose {Quote(Data + "/messi5.jpg")}).Poses[0]; $p.Landmarks.LeftKnee.Name; @($p.Landmarks | Where-Object Visibility -gt 0.5).Count");
        Assert.Equal("LeftKnee", lines[0]);
        Assert.InRange(int.Parse(lines[1]), 20, 33);
    }

    [Fact]
    public void ModelComplexityTakesNamesAndNumbers()
    {
        var photo = Quote(Data + "/messi5.jpg");
        var run = Run($"(Get-Pose {photo} -ModelComplexity 0).ModelComplexity; (Get-Pose {photo} -ModelComplexity Heavy).ModelComplexity; Get-Pose {photo} -ModelComplexity 7");
        Assert.Equal(["Lite", "Heavy"], run.Output);
        Assert.Equal("CannotConvertArgumentNoMessage,PoseTools.PowerShell.GetPoseCommand", Assert.Single(run.Errors).Id);
    }

    [Fact]
    public void InputObjectTakesBytesStreamsAndMats()
    {
        var photo = Quote(Data + "/messi5.jpg");
        var run = Run($$"""
            filter Summary { $_.Source + '|' + $_.Poses.Count }
            $bytes = [IO.File]::ReadAllBytes({{photo}})
            $mat = [OpenCvSharp.Cv2]::ImRead({{photo}})
            Get-Pose -InputObject $bytes | Summary
            Get-Pose -InputObject ([IO.MemoryStream]::new($bytes)) | Summary
            Get-Pose -InputObject $mat | Summary
            Get-Pose -InputObject 42
            """);
        Assert.Equal(["bytes|1", "stream|1", "image|1"], run.Output);
        Assert.Equal("InvalidArgument", Assert.Single(run.Errors).Category);
    }

    [Theory]
    [InlineData("folder")]
    [InlineData("video")]
    public void WorkOnOneCoreEachFirstLeavesLonePhotosTheSharedThreadPool(string first)
    {
        // Photos side by side and a video beside its decoder make sessions with their own thread count. Made first in a
        // fresh pwsh, such a session used to create ONNX Runtime's default environment, so the shared spinning pool
        // that a lone photo's sessions use could no longer be made: every Get-Pose -Path after it ran ~20 % slower.
        string work = first == "folder"
            ? $"Get-ChildItem {Quote(Data + "/*.jpg")} | Select-Object -First 3 | Get-Pose | Out-Null"
            : $"Get-Pose -Path {Quote(Path.Combine(Data, "pushup_correct_001.mp4"))} | Select-Object -First 3 | Out-Null";
        var output = Ok($$"""
            {{work}}
            $pose = Get-Pose -Path {{Quote(Path.Combine(Data, "messi5.jpg"))}}
            "$($pose.Poses.Count)|$([PoseTools.Inference.OnnxSessionFactory]::UsesGlobalThreadPool)"
            """);
        Assert.Equal("1|True", Assert.Single(output));
    }

    [Fact]
    public void PhotosInFlightSideBySideComeOutInInputOrderWithTheSameResults()
    {
        var dir = TestEnvironment.NewTempDirectory("posetools-parallel");
        var photos = TestEstimators.SharedImages().Where(f => f.EndsWith(".jpg")).Take(8).ToList();
        for (int i = 0; i < 24; i++)
        {
            string name = $"{i:D2}-" + photos[i % photos.Count];
            if (i % 7 == 3) File.WriteAllText(Path.Combine(dir, name), "not a picture");   // bad files among them
            else File.Copy(TestEnvironment.DataFile(photos[i % photos.Count]), Path.Combine(dir, name));
        }
        var runs = new[] { 1, 4 }.Select(limit => Run($$"""
            Get-ChildItem {{Quote(dir)}} | Get-Pose -ThrottleLimit {{limit}} | ForEach-Object {
                [IO.Path]::GetFileName($_.Source) + '|' + $_.Poses.Count + '|' + $(if ($_.Poses.Count) { $_.Poses[0].Landmarks.Nose.X.ToString('R', [cultureinfo]::InvariantCulture) }) }
            """)).ToList();
        Assert.Equal(runs[0].Output, runs[1].Output);                                 // same results, same order
        Assert.Equal(Directory.GetFiles(dir).Select(Path.GetFileName).Where(n => int.Parse(n![..2]) % 7 != 3).Order(StringComparer.Ordinal),
            runs[1].Output.Select(l => l.Split('|')[0]));
        Assert.Equal(runs[0].Errors.Select(e => Path.GetFileName(e.Target)), runs[1].Errors.Select(e => Path.GetFileName(e.Target)));
        Assert.Equal(3, runs[1].Errors.Count);
    }
}
