using System.Diagnostics;
using Xunit.Abstractions;
using static PoseTools.Tests.PowerShell.Pwsh;

namespace PoseTools.Tests.PowerShell;

/// <summary>
/// Defects found with real clips and hostile input (issue 11), each reproduced in real pwsh: a tracked video exported
/// to JSON, exports stopped part-way, escaped wildcard paths, damaged model folders, damaged videos.
/// </summary>
public sealed class DefectTests(ITestOutputHelper log)
{
    private static string Photo(string name) => Quote(TestEnvironment.DataFile(name));
    private static string Squat => Quote(TestEnvironment.DataFile("squat_correct_010.mp4"));

    [Fact]
    public void ATrackedVideoExportsToJsonThatFollowsTheSchema()
    {
        var dir = TestEnvironment.NewTempDirectory("posetools-videojson");
        Ok($"Get-Pose {Squat} | Export-Pose -Format Json -Path {Quote(dir + "/x.json")}");
        Export.ResultSchema.ValidateJson(File.ReadAllText(Path.Combine(dir, "x.json")));
        Assert.Equal(["x.json"], Directory.GetFiles(dir).Select(Path.GetFileName));
    }

    [Fact]
    public void AnExportStoppedByAnUpstreamErrorOrAFolderPathLeavesNothing()
    {
        var dir = TestEnvironment.NewTempDirectory("posetools-stopped");
        Directory.CreateDirectory(Path.Combine(dir, "folder.json"));
        Directory.CreateDirectory(Path.Combine(dir, "folder.png"));
        var run = Run($"""
            Get-Pose {Photo("messi5.jpg")}, '/no/such/photo.jpg', {Photo("basketball1.png")} -ErrorAction Stop | Export-Pose {Quote(dir + "/upstream.json")}
            """);
        // -ErrorAction Stop ends the whole script: the error goes to stderr, and Export-Pose is stopped mid-way.
        Assert.Contains("/no/such/photo.jpg", run.StdErr + string.Join("\n", run.Errors));
        var folder = Run($"Get-Pose {Photo("messi5.jpg")} | Export-Pose {Quote(dir + "/folder.json")}");
        Assert.Equal("PathIsFolder,PoseTools.PowerShell.ExportPoseCommand", Assert.Single(folder.Errors).Id);
        var skeleton = Run($"Get-Pose {Photo("messi5.jpg")} | Export-PoseSkeleton -Path {Quote(dir + "/folder.png")}");
        Assert.Equal("PathIsFolder,PoseTools.PowerShell.ExportPoseSkeletonCommand", Assert.Single(skeleton.Errors).Id);
        Assert.Equal(["folder.json", "folder.png"], Directory.GetFileSystemEntries(dir).Select(Path.GetFileName).Order());
    }

    [Fact]
    public async Task CtrlCDuringAnExportLeavesNoPartialFile()
    {
        if (Signals.InterruptIgnored) { log.WriteLine("SIGINT is ignored by this process: Ctrl+C cannot be simulated"); return; }
        _ = TestEnvironment.Models;
        var dir = TestEnvironment.NewTempDirectory("posetools-ctrlc");
        foreach (var target in new[] { "poses.json", "poses.csv", "squat.pose.mp4" })
        {
            string export = target.EndsWith(".mp4") ? $"Export-PoseSkeleton -Path {Quote(dir + "/" + target)}" : $"Export-Pose {Quote(dir + "/" + target)}";
            using var pwsh = Process.Start(StartInfo(dir, "-NoProfile", "-Command",
                $"Import-Module {Quote(Manifest)}; Get-Pose {Squat} | ForEach-Object {{ [Console]::Out.WriteLine('frame'); [Console]::Out.Flush(); $_ }} | {export}"))!;
            pwsh.StandardInput.Close();
            var stderr = pwsh.StandardError.ReadToEndAsync();
            for (int i = 0; i < 10; i++) Assert.Equal("frame", pwsh.StandardOutput.ReadLine());
            Signals.Interrupt(pwsh);
            pwsh.StandardOutput.ReadToEnd();
            Assert.True(pwsh.WaitForExit(TimeSpan.FromSeconds(60)), "pwsh did not stop on Ctrl+C");
            log.WriteLine($"{target}: exit {pwsh.ExitCode}; {await stderr}");
            Assert.Empty(Directory.GetFileSystemEntries(dir));
        }
    }

    [Fact]
    public void ExportErrorsHaveStableIdsAndNameTheTargetFile()
    {
        // /proc accepts no new files, whoever writes (root included).
        var run = Run($"Get-Pose {Photo("messi5.jpg")} | Export-Pose /proc/posetools-export.json");
        var error = Assert.Single(run.Errors);
        Assert.Equal("ExportOpenFailed,PoseTools.PowerShell.ExportPoseCommand", error.Id);
        Assert.Equal("OpenError", error.Category);
        Assert.StartsWith("Cannot write '/proc/posetools-export.json'", error.Message);
        Assert.DoesNotContain(".partial", error.Message);
    }

    [Fact]
    public void EscapedWildcardCharactersAreFoundAsPowerShellFindsThem()
    {
        var dir = TestEnvironment.NewTempDirectory("posetools-escaped");
        File.Copy(TestEnvironment.DataFile("messi5.jpg"), Path.Combine(dir, "[1].jpg"));
        File.Copy(TestEnvironment.DataFile("basketball1.png"), Path.Combine(dir, "1.png"));
        var run = Run($$"""
            $escaped = {{Quote(dir + "/")}} + [WildcardPattern]::Escape('[1].jpg')
            (Get-Item $escaped).Name
            (Get-Pose $escaped).Source
            (Get-Pose -LiteralPath {{Quote(dir + "/[1].jpg")}}).Source
            @(Get-Pose {{Quote(dir + "/[1].jpg")}}).Count
            """);
        Assert.Empty(run.Errors);
        string file = Path.Combine(dir, "[1].jpg");
        // unescaped, [1] is a wildcard matching "1": 1.jpg does not exist, so nothing (as Get-Item finds nothing)
        Assert.Equal(["[1].jpg", file, file, "0"], run.Output);
    }

    [Fact]
    public void ADamagedModelIsCalledCorruptAndOnlyTheModelsACallNeedsAreChecked()
    {
        var dir = TestEnvironment.NewTempDirectory("posetools-damaged");
        foreach (var f in Directory.GetFiles(TestEnvironment.Models.Directory, "*.json").Concat(Directory.GetFiles(TestEnvironment.Models.Directory, "*.onnx")))
            File.Copy(f, Path.Combine(dir, Path.GetFileName(f)));
        TestEnvironment.Corrupt(Path.Combine(dir, "pose_landmark_full.onnx"));
        // No npm on the PATH: the damaged model cannot be repaired here.
        var psi = StartInfo(TestEnvironment.RepoRoot, "-NoProfile", "-NonInteractive", "-Command", $$"""
            Import-Module {{Quote(Manifest)}}
            (Get-Pose {{Photo("messi5.jpg")}} -ModelComplexity Lite -ModelDirectory {{Quote(dir)}}).Poses.Count
            (Get-PoseModel -ModelDirectory {{Quote(dir)}} | Where-Object Name -eq pose_landmark_full).State
            try { Get-Pose {{Photo("messi5.jpg")}} -ModelComplexity Full -ModelDirectory {{Quote(dir)}} -WarningVariable w -WarningAction SilentlyContinue }
            catch { 'warning: ' + $w[0]; 'error: ' + $_.FullyQualifiedErrorId + ' ' + $_.Exception.Message }
            """);
        psi.FileName = Environment.ProcessPath!.EndsWith("dotnet") ? Environment.ProcessPath : "/usr/bin/dotnet";
        psi.Environment["PATH"] = "/nonexistent";
        using var p = Process.Start(psi)!;
        p.StandardInput.Close();
        string stdout = p.StandardOutput.ReadToEnd(), stderr = p.StandardError.ReadToEnd();
        p.WaitForExit();
        log.WriteLine(stdout + stderr);
        var lines = stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.Equal("1", lines[0]);           // Lite works beside a corrupt Full
        Assert.Equal("Corrupt", lines[1]);
        Assert.StartsWith("warning: ", lines[2]);
        Assert.Contains("pose_landmark_full corrupt", lines[2]);
        Assert.DoesNotContain("not installed", lines[2]);
        Assert.StartsWith("error: ModelInstallFailed", lines[3]);
    }

    [Fact]
    public void AReadOnlyModelFolderSaysWhatToDo()
    {
        // A folder root cannot write: a read-only bind mount in a private mount namespace. Needs root (CI is).
        if (Environment.UserName != "root") { log.WriteLine("needs root"); return; }
        var dir = TestEnvironment.NewTempDirectory("posetools-readonly");
        string command = $"mount --bind -o ro '{dir}' '{dir}' && exec dotnet '{StartInfo(dir).ArgumentList[0]}' -NoProfile -NonInteractive -Command " +
                         $"\"Import-Module {Manifest}; try {{ Install-PoseModel -ModelDirectory {dir}/models -ErrorAction Stop }} catch {{ \\$_.FullyQualifiedErrorId; \\$_.CategoryInfo.Category; \\$_.ToString() }}\"";
        var psi = new ProcessStartInfo("unshare", ["--mount", "sh", "-c", command]) { RedirectStandardOutput = true, RedirectStandardError = true };
        using var p = Process.Start(psi)!;
        string stdout = p.StandardOutput.ReadToEnd(), stderr = p.StandardError.ReadToEnd();
        p.WaitForExit();
        log.WriteLine(stdout + stderr);
        var lines = stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.Equal("ModelFolderNotWritable,PoseTools.PowerShell.InstallPoseModelCommand", lines[0]);
        Assert.Equal("PermissionDenied", lines[1]);
        Assert.Contains($"The model folder {dir}/models cannot be written", lines[2]);
        Assert.Contains("-ModelDirectory", lines[2]);
        Assert.Contains("POSETOOLS_MODELS", lines[2]);
        Assert.Contains("permission", lines[2]);
    }

    [Fact]
    public void DamagedVideosGiveOneLineErrorsAndWarningsAndNoDecoderNoise()
    {
        var dir = TestEnvironment.NewTempDirectory("posetools-damagedvideo");
        // A "faststart" MP4 (index first) cut in half: the container promises 90 frames, the data holds fewer.
        string faststart = Path.Combine(dir, "faststart.mp4"), cut = Path.Combine(dir, "cut.mp4");
        using (var ffmpeg = Process.Start("ffmpeg", ["-v", "error", "-y", "-i", TestEnvironment.DataFile("squat_correct_010.mp4"), "-c", "copy", "-movflags", "+faststart", faststart]))
            ffmpeg.WaitForExit();
        var bytes = File.ReadAllBytes(faststart);
        File.WriteAllBytes(cut, bytes[..(bytes.Length / 2)]);
        File.WriteAllBytes(Path.Combine(dir, "noise.mp4"), Enumerable.Range(0, 3000).Select(i => (byte)(i * 131 + 7)).ToArray());

        var run = Run($"@(Get-Pose {Quote(cut)}).Count; Get-Pose {Quote(dir + "/noise.mp4")}");
        int frames = int.Parse(run.Output.Single());
        Assert.InRange(frames, 10, 80);
        var warning = Assert.Single(run.Warnings);
        Assert.Contains($"cut.mp4: the video ended after {frames} of its 90 frames", warning);
        var error = Assert.Single(run.Errors);
        Assert.Equal("InvalidVideo,PoseTools.PowerShell.GetPoseCommand", error.Id);
        Assert.DoesNotContain("\n", error.Message);
        Assert.DoesNotContain("0x", error.Message);
        Assert.Contains("noise.mp4", error.Message);
        // OpenCV's and FFmpeg's own messages ("moov atom not found", "Invalid NAL unit size") no longer reach stderr.
        Assert.DoesNotContain(" @ 0x", run.StdErr);
        Assert.Equal("", run.StdErr.Trim());
    }
}
