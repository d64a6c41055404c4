using System.Text.Json;
using OpenCvSharp;
using static PoseTools.Tests.PowerShell.Pwsh;

namespace PoseTools.Tests.PowerShell;

/// <summary>Export-PoseSkeleton and Export-Pose in real pwsh.</summary>
public sealed class ExportCommandTests
{
    private static string Data => Path.Combine(TestEnvironment.SharedDirectory, "data");
    private static string Photo(string name) => Quote(Path.Combine(Data, name));

    [Fact]
    public void SkeletonImageHasRedJointsWhereTheLandmarksAre()
    {
        var dir = TestEnvironment.NewTempDirectory("posetools-skeleton");
        var files = Ok($"Get-Pose {Photo("messi5.jpg")}, {Photo("basketball1.png")} | Export-PoseSkeleton -OutDirectory {Quote(dir)} -PassThru | ForEach-Object Name");
        // Without -Format a JPEG photo's overlay is a JPEG, a PNG's a PNG (lossless: pure red dots; JPEG's chroma blurs them a little).
        Assert.Equal(["messi5.pose.jpg", "basketball1.pose.png"], files);
        Assert.Equal(0xFF, File.ReadAllBytes(Path.Combine(dir, files[0]))[0]);
        Assert.Equal(0x89, File.ReadAllBytes(Path.Combine(dir, files[1]))[0]);
        foreach (var (name, file, minRed, maxOther) in new[] { ("messi5.jpg", files[0], 160, 110), ("basketball1.png", files[1], 200, 80) })
        {
            var result = TestEstimators.Result(1, name);
            using var image = Cv2.ImRead(Path.Combine(dir, file));
            Assert.Equal((result.Width, result.Height), (image.Cols, image.Rows));
            foreach (var l in result.Poses[0].Landmarks.Where(l => l.Visibility >= 0.5 && l.PixelX >= 2 && l.PixelY >= 2 && l.PixelX < result.Width - 2 && l.PixelY < result.Height - 2))
            {
                var pixel = image.At<Vec3b>((int)Math.Round(l.PixelY), (int)Math.Round(l.PixelX));
                Assert.True(pixel.Item2 > minRed && pixel.Item1 < maxOther && pixel.Item0 < maxOther, $"{file}: {l.Name} at ({l.PixelX:F0}, {l.PixelY:F0}) is {pixel}, not red");
            }
        }
        Assert.Equal(["messi5.pose.png"], Ok($"Get-Pose {Photo("messi5.jpg")} | Export-PoseSkeleton -OutDirectory {Quote(dir)} -Format .PNG -PassThru | ForEach-Object Name"));
    }

    [Fact]
    public void WhatIfWritesNothing()
    {
        var dir = TestEnvironment.NewTempDirectory("posetools-whatif");
        Ok($"""
            Get-Pose {Photo("messi5.jpg")} | Export-PoseSkeleton -OutDirectory {Quote(dir + "/sub")} -WhatIf
            Get-Pose {Photo("messi5.jpg")} | Export-Pose {Quote(dir + "/r.json")} -WhatIf
            Install-PoseModel -ModelDirectory {Quote(dir + "/models")} -WhatIf
            """);
        Assert.Empty(Directory.EnumerateFileSystemEntries(dir));
    }

    [Fact]
    public void NoClobberKeepsAnExistingFileAndNamingPatternsNameEachResult()
    {
        var dir = TestEnvironment.NewTempDirectory("posetools-clobber");
        File.WriteAllText(Path.Combine(dir, "messi5.pose.jpg"), "keep me");
        var run = Run($$"""
            Get-Pose {{Photo("messi5.jpg")}} | Export-PoseSkeleton -OutDirectory {{Quote(dir)}} -NoClobber
            Get-Pose {{Photo("messi5.jpg")}}, {{Photo("basketball1.png")}} | Export-PoseSkeleton -Path {{Quote(dir + "/{Index}-{Name}.jpg")}} -PassThru | ForEach-Object Name
            Get-Pose {{Photo("messi5.jpg")}}, {{Photo("basketball1.png")}} | Export-PoseSkeleton -Path {{Quote(dir + "/same.png")}}
            """);
        Assert.Equal(["ResourceExists", "ResourceExists"], run.Errors.Select(e => e.Category));
        Assert.Contains("messi5.pose.jpg", run.Errors[0].Target);
        Assert.Equal("DuplicateOutputPath,PoseTools.PowerShell.ExportPoseSkeletonCommand", run.Errors[1].Id);
        Assert.Equal("keep me", File.ReadAllText(Path.Combine(dir, "messi5.pose.jpg")));
        Assert.Equal(["0-messi5.jpg", "1-basketball1.jpg"], run.Output);
        Assert.Equal(0xFF, File.ReadAllBytes(Path.Combine(dir, "0-messi5.jpg"))[0]); // JPEG by extension
    }

    [Fact]
    public void JsonExportParsesAndMatchesTheObjects()
    {
        var dir = TestEnvironment.NewTempDirectory("posetools-json");
        var lines = Ok($"$r = Get-Pose {Photo("messi5.jpg")}, {Photo("no-person-fruits.jpg")}; $r | Export-Pose {Quote(dir + "/poses.json")}; $r[0].Source; $r[0].Poses[0].Landmarks | ForEach-Object {{ $_.Name.ToString() + '|' + $_.X.ToString('R', [cultureinfo]::InvariantCulture) }}");
        using var doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir, "poses.json")));
        var images = doc.RootElement.EnumerateArray().ToList();
        Assert.Equal(2, images.Count);
        Assert.Equal(lines[0], images[0].GetProperty("source").GetString());
        var landmarks = images[0].GetProperty("poses")[0].GetProperty("landmarks");
        Assert.Equal(33, lines.Count - 1);
        for (int i = 0; i < 33; i++)
        {
            var parts = lines[1 + i].Split('|');
            Assert.Equal(parts[0], landmarks[i].GetProperty("name").GetString());
            Assert.Equal(float.Parse(parts[1], System.Globalization.CultureInfo.InvariantCulture), landmarks[i].GetProperty("x").GetSingle());
        }
        Assert.Equal(0, images[1].GetProperty("poses").GetArrayLength());
        Assert.Equal(["poses.json"], Directory.GetFiles(dir).Select(Path.GetFileName));
    }

    [Fact]
    public void CsvExportAppendsRowsAndRefusesToAppendJson()
    {
        var dir = TestEnvironment.NewTempDirectory("posetools-csv");
        var run = Run($"""
            Get-Pose {Photo("messi5.jpg")} | Export-Pose {Quote(dir + "/p.csv")}
            Get-Pose {Photo("basketball1.png")} | Export-Pose {Quote(dir + "/p.csv")} -Append
            Get-Pose {Photo("messi5.jpg")} | Export-Pose {Quote(dir + "/p.json")} -Append
            (Get-Pose {Photo("messi5.jpg")} | Export-Pose {Quote(dir + "/c.json")} -Format Coco -PassThru).FullName
            """);
        var lines = File.ReadAllLines(Path.Combine(dir, "p.csv"));
        Assert.Equal(1 + 2 * 33, lines.Length);
        Assert.Single(lines, l => l.StartsWith("source,"));
        Assert.Equal("AppendNotSupported,PoseTools.PowerShell.ExportPoseCommand", Assert.Single(run.Errors).Id);
        using var doc = JsonDocument.Parse(File.ReadAllText(Assert.Single(run.Output)));
        Assert.Equal(51, doc.RootElement.GetProperty("annotations")[0].GetProperty("keypoints").GetArrayLength());
    }

    [Fact]
    public void SkeletonsDrawnSideBySideComeOutInInputOrderAndMatchOneAtATime()
    {
        // Eight photos; after Get-Pose, the fourth file is replaced by a photo of another size, so its overlay must
        // fail ("the file has changed") in its place while the others are written — the same files at every limit.
        var dir = TestEnvironment.NewTempDirectory("posetools-skeleton-parallel");
        var photos = TestEstimators.SharedImages().Where(f => f.EndsWith(".jpg")).Take(8).ToList();
        for (int i = 0; i < photos.Count; i++) File.Copy(TestEnvironment.DataFile(photos[i]), Path.Combine(dir, $"{i}-{photos[i]}"));
        string changed = Path.Combine(dir, $"3-{photos[3]}");
        var runs = new[] { 1, 4 }.Select(limit => Run($$"""
            $results = @(Get-ChildItem {{Quote(dir)}} -Filter *.jpg | Get-Pose)
            Copy-Item {{Quote(Path.Combine(dir, $"3-{photos[3]}"))}} {{Quote(dir + "/keep.bin")}}
            Copy-Item {{Photo(photos.First(p => p != photos[3] && Cv2.ImRead(TestEnvironment.DataFile(p)).Size() != Cv2.ImRead(TestEnvironment.DataFile(photos[3])).Size()))}} {{Quote(changed)}}
            $results | Export-PoseSkeleton -Path {{Quote(dir + $"/out{limit}/{{Name}}.png")}} -ThrottleLimit {{limit}} -PassThru 2>&1 | ForEach-Object {
                if ($_ -is [Management.Automation.ErrorRecord]) { 'error ' + $_.FullyQualifiedErrorId } else { $_.Name } }
            Move-Item -Force {{Quote(dir + "/keep.bin")}} {{Quote(changed)}}
            """)).ToList();
        var expected = Enumerable.Range(0, photos.Count)
            .Select(i => i == 3 ? "error RenderFailed,PoseTools.PowerShell.ExportPoseSkeletonCommand" : $"{i}-{Path.GetFileNameWithoutExtension(photos[i])}.png");
        Assert.Equal(expected, runs[0].Output);
        Assert.Equal(runs[0].Output, runs[1].Output);
        var one = Directory.GetFiles(Path.Combine(dir, "out1")).Order(StringComparer.Ordinal).ToList();
        var four = Directory.GetFiles(Path.Combine(dir, "out4")).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(photos.Count - 1, four.Count);
        Assert.Equal(one.Select(Path.GetFileName), four.Select(Path.GetFileName));
        foreach (var (a, b) in one.Zip(four)) Assert.Equal(File.ReadAllBytes(a), File.ReadAllBytes(b));
    }
}
