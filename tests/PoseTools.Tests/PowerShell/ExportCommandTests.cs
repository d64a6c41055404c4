using System.Management.Automation;
using System.Text.Json;
using OpenCvSharp;
using PoseTools.Results;

namespace PoseTools.Tests.PowerShell;

public sealed class ExportCommandTests(ModuleSession session) : IClassFixture<ModuleSession>
{
    private static string Data => Path.Combine(TestEnvironment.SharedDirectory, "data");

    [Fact]
    public void SkeletonImageHasRedJointsWhereTheLandmarksAre()
    {
        var dir = TestEnvironment.NewTempDirectory("posetools-skeleton");
        var output = session.Ok($"$r = Get-Pose '{Data}/messi5.jpg', '{Data}/basketball1.png'; $r; $r | Export-PoseSkeleton -OutDirectory '{dir}' -PassThru");
        var results = output.OfType<PoseResult>().ToList();
        var files = output.OfType<FileInfo>().ToList();
        Assert.Equal(["messi5.pose.png", "basketball1.pose.png"], files.Select(f => f.Name));
        foreach (var (result, file) in results.Zip(files))
        {
            using var image = Cv2.ImRead(file.FullName);
            Assert.Equal((result.Width, result.Height), (image.Cols, image.Rows));
            foreach (var l in result.Poses[0].Landmarks.Where(l => l.Visibility >= 0.5 && l.PixelX >= 2 && l.PixelY >= 2 && l.PixelX < result.Width - 2 && l.PixelY < result.Height - 2))
            {
                var pixel = image.At<Vec3b>((int)Math.Round(l.PixelY), (int)Math.Round(l.PixelX));
                Assert.True(pixel.Item2 > 200 && pixel.Item1 < 80 && pixel.Item0 < 80, $"{file.Name}: {l.Name} at ({l.PixelX:F0}, {l.PixelY:F0}) is {pixel}, not red");
            }
        }
    }

    [Fact]
    public void WhatIfWritesNothing()
    {
        var dir = TestEnvironment.NewTempDirectory("posetools-whatif");
        var target = Path.Combine(dir, "sub");
        session.Ok($"Get-Pose '{Data}/messi5.jpg' | Export-PoseSkeleton -OutDirectory '{target}' -WhatIf");
        session.Ok($"Get-Pose '{Data}/messi5.jpg' | Export-Pose '{dir}/r.json' -WhatIf");
        session.Ok($"Install-PoseModel -ModelDirectory '{dir}/models' -WhatIf");
        Assert.Empty(Directory.EnumerateFileSystemEntries(dir));
    }

    [Fact]
    public void NoClobberKeepsAnExistingFileAndNamingPatternsNameEachResult()
    {
        var dir = TestEnvironment.NewTempDirectory("posetools-clobber");
        File.WriteAllText(Path.Combine(dir, "messi5.pose.png"), "keep me");
        var (_, errors) = session.Run($"Get-Pose '{Data}/messi5.jpg' | Export-PoseSkeleton -OutDirectory '{dir}' -NoClobber");
        Assert.Equal(ErrorCategory.ResourceExists, Assert.Single(errors).CategoryInfo.Category);
        Assert.Equal("keep me", File.ReadAllText(Path.Combine(dir, "messi5.pose.png")));

        var written = session.Ok($"Get-Pose '{Data}/messi5.jpg', '{Data}/basketball1.png' | Export-PoseSkeleton -Path '{dir}/{{Index}}-{{Name}}.jpg' -PassThru").Cast<FileInfo>();
        Assert.Equal(["0-messi5.jpg", "1-basketball1.jpg"], written.Select(f => f.Name));
        Assert.Equal(0xFF, File.ReadAllBytes(Path.Combine(dir, "0-messi5.jpg"))[0]); // JPEG by extension
        var (_, duplicate) = session.Run($"Get-Pose '{Data}/messi5.jpg', '{Data}/basketball1.png' | Export-PoseSkeleton -Path '{dir}/same.png'");
        Assert.Equal("DuplicateOutputPath,PoseTools.PowerShell.ExportPoseSkeletonCommand", Assert.Single(duplicate).FullyQualifiedErrorId);
    }

    [Fact]
    public void JsonExportParsesAndMatchesTheObjects()
    {
        var dir = TestEnvironment.NewTempDirectory("posetools-json");
        var results = session.Ok($"$r = Get-Pose '{Data}/messi5.jpg', '{Data}/no-person-fruits.jpg'; $r | Export-Pose '{dir}/poses.json'; $r").Cast<PoseResult>().ToList();
        using var doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir, "poses.json")));
        var images = doc.RootElement.EnumerateArray().ToList();
        Assert.Equal(2, images.Count);
        Assert.Equal(results[0].Source, images[0].GetProperty("source").GetString());
        var landmarks = images[0].GetProperty("poses")[0].GetProperty("landmarks");
        for (int i = 0; i < 33; i++)
        {
            Assert.Equal(results[0].Poses[0].Landmarks[i].Name.ToString(), landmarks[i].GetProperty("name").GetString());
            Assert.Equal(results[0].Poses[0].Landmarks[i].X, landmarks[i].GetProperty("x").GetSingle());
        }
        Assert.Equal(0, images[1].GetProperty("poses").GetArrayLength());
        Assert.False(File.Exists(Path.Combine(dir, "poses.json.partial")));
    }

    [Fact]
    public void CsvExportAppendsRowsAndRefusesToAppendJson()
    {
        var dir = TestEnvironment.NewTempDirectory("posetools-csv");
        session.Ok($"Get-Pose '{Data}/messi5.jpg' | Export-Pose '{dir}/p.csv'");
        session.Ok($"Get-Pose '{Data}/basketball1.png' | Export-Pose '{dir}/p.csv' -Append");
        var lines = File.ReadAllLines(Path.Combine(dir, "p.csv"));
        Assert.Equal(1 + 2 * 33, lines.Length);
        Assert.Single(lines, l => l.StartsWith("source,"));
        var (_, errors) = session.Run($"Get-Pose '{Data}/messi5.jpg' | Export-Pose '{dir}/p.json' -Append");
        Assert.Equal("AppendNotSupported,PoseTools.PowerShell.ExportPoseCommand", Assert.Single(errors).FullyQualifiedErrorId);
        var coco = session.Ok($"Get-Pose '{Data}/messi5.jpg' | Export-Pose '{dir}/c.json' -Format Coco -PassThru").Cast<FileInfo>().Single();
        using var doc = JsonDocument.Parse(File.ReadAllText(coco.FullName));
        Assert.Equal(51, doc.RootElement.GetProperty("annotations")[0].GetProperty("keypoints").GetArrayLength());
    }
}
