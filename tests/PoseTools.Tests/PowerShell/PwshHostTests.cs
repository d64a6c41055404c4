using System.Diagnostics;
using Xunit.Abstractions;
using static PoseTools.Tests.PowerShell.Pwsh;

namespace PoseTools.Tests.PowerShell;

/// <summary>
/// What a user sees in real pwsh: the README's commands and the examples run as written, the format views, tab
/// completion, Ctrl+C in the middle of a pipeline, and the one-line error when a native library cannot load.
/// </summary>
public sealed class PwshHostTests(ITestOutputHelper log)
{
    /// <summary>The command lines of the README's fenced block that follows the heading <paramref name="heading"/>.</summary>
    internal static List<string> ReadmeBlock(string heading)
    {
        var readme = File.ReadAllLines(Path.Combine(TestEnvironment.RepoRoot, "README.md"));
        int at = Array.FindIndex(readme, l => l.TrimEnd() == heading);
        Assert.True(at >= 0, $"README.md has no heading '{heading}'");
        int open = Array.FindIndex(readme, at, l => l.StartsWith("```", StringComparison.Ordinal));
        int close = Array.FindIndex(readme, open + 1, l => l.StartsWith("```", StringComparison.Ordinal));
        return readme[(open + 1)..close].Where(l => l.Trim().Length > 0 && !l.TrimStart().StartsWith('#')).ToList();
    }

    private (int Exit, string Out, string Err) Bash(string command, string workingDirectory)
    {
        _ = TestEnvironment.Models;
        var psi = new ProcessStartInfo("bash") { WorkingDirectory = workingDirectory, RedirectStandardOutput = true, RedirectStandardError = true };
        psi.ArgumentList.Add("-c");
        psi.ArgumentList.Add(command);
        psi.Environment["NO_COLOR"] = "1";
        using var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        Assert.True(p.WaitForExit(TimeSpan.FromMinutes(5)), $"{command} did not finish");
        log.WriteLine($"$ {command}\nexit {p.ExitCode}\n{stdout.Result}\n{stderr.Result}");
        return (p.ExitCode, stdout.Result, stderr.Result);
    }

    [Fact]
    public void CiRunsExactlyTheReadmesSetUpAndTestCommands()
    {
        string setup = Assert.Single(ReadmeBlock("## Set up")), test = Assert.Single(ReadmeBlock("## Test"));
        Assert.Equal("tools/setup", setup);
        Assert.Equal("dotnet test PoseTools.sln -c Release", test);
        var ci = File.ReadAllLines(Path.Combine(TestEnvironment.RepoRoot, ".ci", "run")).Where(l => l.Length > 0 && !l.StartsWith('#')).ToList();
        Assert.Equal(["set -euo pipefail", "cd \"$(dirname \"$0\")/..\"", setup, test], ci);
    }

    [Fact]
    public void TheReadmeMainJobRunsInPwsh()
    {
        var command = Assert.Single(ReadmeBlock("## Run"));
        Assert.StartsWith("dotnet pwsh ", command);
        var outDir = Path.Combine(TestEnvironment.RepoRoot, "out", "overlays");
        if (Directory.Exists(outDir)) Directory.Delete(outDir, recursive: true);
        var (exit, _, stderr) = Bash(command, TestEnvironment.RepoRoot);
        Assert.Equal(0, exit);
        Assert.Equal("", stderr.Trim());
        var images = Directory.GetFiles(Path.Combine(TestEnvironment.RepoRoot, "examples", "images")).Where(f => f.EndsWith(".jpg") || f.EndsWith(".png")).ToList();
        Assert.Equal(images.Select(f => Path.GetFileNameWithoutExtension(f) + ".pose" + Path.GetExtension(f)).Order(), Directory.GetFiles(outDir).Select(Path.GetFileName).Order());
    }

    [Fact]
    public void TheReadmeExampleCommandsRun()
    {
        var commands = ReadmeBlock("### Examples");
        Assert.Equal(4, commands.Count);
        Assert.All(commands, c => Assert.StartsWith("dotnet pwsh -File examples/", c));
        var results = commands.Select(c => Bash(c, TestEnvironment.RepoRoot)).ToList();
        Assert.All(results, r => Assert.Equal(0, r.Exit));
        Assert.Contains("3 overlay(s) written", results[0].Out);
        var rows = File.ReadAllLines(Path.Combine(TestEnvironment.RepoRoot, "out", "knee-angles.csv"));
        Assert.StartsWith("source,pose,left_knee_2d", rows[0]);
        Assert.True(rows.Length >= 4, $"{rows.Length - 1} rows");
        Assert.Contains("Lite", results[2].Out);
        Assert.Contains("Heavy", results[2].Out);
        Assert.Contains("Squat #1 (frames", results[3].Out);
        Assert.Contains("past your toes", results[3].Out);
        Assert.Contains("annotated video: ", results[3].Out);
        Assert.True(File.Exists(Path.Combine(TestEnvironment.RepoRoot, "out", "coach", "squat_incorrect_002.pose.mp4")));
        Assert.All(results, r => Assert.Equal("", r.Err.Trim()));
    }

    [Fact]
    public void ResultsPrintWithTheModulesViews()
    {
        var (exit, stdout, stderr) = Raw(Path.GetTempPath(), null, "-NoProfile", "-Command",
            $"Import-Module {Quote(Manifest)}; $r = Get-Pose {Quote(TestEnvironment.DataFile("messi5.jpg"))}; $r | Out-Host; $r.Poses[0].Landmarks | Select-Object -First 2 | Out-Host");
        Assert.Equal(0, exit);
        Assert.Equal("", stderr.Trim());
        var lines = stdout.Split('\n').Select(l => l.TrimEnd()).Where(l => l.Length > 0).ToList();
        Assert.Matches(@"^Source\s+Size\s+Poses\s+Score\s+Model\s+Ms$", lines[0]);   // the PoseResult table view
        Assert.Matches(@"^messi5\.jpg\s+548×342\s+1\s+1\.00\s+Full\s+\d", lines[2]);
        int landmarks = lines.FindIndex(l => l.StartsWith("Name") && l.Contains("Visibility"));
        Assert.True(landmarks > 0, stdout);                                           // the landmark table view
        Assert.StartsWith("Nose", lines[landmarks + 2]);
        Assert.StartsWith("LeftEyeInner", lines[landmarks + 3]);
        Assert.DoesNotContain("\u001b[", stdout);                                     // redirected output is plain text
    }

    [Fact]
    public void TabCompletionOffersParameterValuesJointNamesAndColours()
    {
        var lines = Ok("""
            foreach ($line in 'Get-Pose -ModelComplexity ', 'Measure-PoseAngle -Joint LeftK', 'Measure-PoseAngle -Landmark RightH',
                              'Measure-PoseRepetition -Exercise ', 'Export-PoseSkeleton -JointColor ma', 'Export-PoseSkeleton -BoneColor ') {
                $line + '=' + ((TabExpansion2 -inputScript $line -cursorColumn $line.Length).CompletionMatches.CompletionText -join ',')
            }
            """).ToDictionary(l => l[..l.IndexOf('=')], l => l[(l.IndexOf('=') + 1)..].Split(','));
        Assert.Equal(["Full", "Heavy", "Lite"], lines["Get-Pose -ModelComplexity "].Order());
        Assert.Equal(["LeftKnee"], lines["Measure-PoseAngle -Joint LeftK"]);
        Assert.Equal(["RightHeel", "RightHip"], lines["Measure-PoseAngle -Landmark RightH"].Order());
        Assert.Contains("Squat", lines["Measure-PoseRepetition -Exercise "]);
        Assert.Equal(["magenta"], lines["Export-PoseSkeleton -JointColor ma"]);
        Assert.Equal(PoseTools.Imaging.Rgb.Names.Order(StringComparer.OrdinalIgnoreCase), lines["Export-PoseSkeleton -BoneColor "]);
    }

    [Fact]
    public async Task CtrlCStopsAPipelinePromptly()
    {
        if (Signals.InterruptIgnored) { log.WriteLine("SIGINT is ignored by this process (started in the background): Ctrl+C cannot be simulated"); return; }
        _ = TestEnvironment.Models;
        var dir = TestEnvironment.NewTempDirectory("posetools-stop");
        for (int i = 0; i < 400; i++) File.Copy(TestEnvironment.DataFile("messi5.jpg"), Path.Combine(dir, $"{i:D3}.jpg"));
        using var pwsh = Process.Start(StartInfo(dir, "-NoProfile", "-Command",
            $"Import-Module {Quote(Manifest)}; Get-Pose ./*.jpg -ModelComplexity Heavy | ForEach-Object {{ 'result ' + $_.Source }}"))!;
        pwsh.StandardInput.Close();
        var stderr = pwsh.StandardError.ReadToEndAsync();
        Assert.StartsWith("result ", pwsh.StandardOutput.ReadLine());
        Signals.Interrupt(pwsh);
        string rest = pwsh.StandardOutput.ReadToEnd();
        Assert.True(pwsh.WaitForExit(TimeSpan.FromSeconds(60)), "pwsh did not stop on Ctrl+C");
        int more = rest.Split('\n').Count(l => l.StartsWith("result "));
        log.WriteLine($"{more} more results after Ctrl+C; stderr: {await stderr}");
        Assert.True(more < 100, $"{more} results after Ctrl+C");
        Assert.NotEqual(0, pwsh.ExitCode);
    }

    [Fact]
    public void AMissingSystemLibraryFailsTheImportWithOneClearSentence()
    {
        // A fresh machine without GTK, simulated: in a private mount namespace the real libgtk-3 is covered by an
        // empty file, so the loader fails on it exactly where it would be missing. Needs root (CI is).
        string gtk = Path.GetFullPath("/usr/lib/x86_64-linux-gnu/libgtk-3.so.0");
        if (Environment.UserName != "root" || !File.Exists(gtk)) { log.WriteLine("needs root and an installed libgtk-3.so.0"); return; }
        var target = new FileInfo(gtk).ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? gtk;
        var pwsh = StartInfo(TestEnvironment.RepoRoot);
        string command = $"mount --bind /dev/null '{target}' && exec dotnet '{pwsh.ArgumentList[0]}' -NoProfile -NonInteractive -Command \"Import-Module ./PoseTools.psd1; 'imported'\"";
        var (exit, stdout, stderr) = Bash($"unshare --mount sh -c {Quote(command)}", TestEnvironment.RepoRoot);
        Assert.NotEqual(0, exit);
        Assert.DoesNotContain("imported", stdout);
        Assert.DoesNotContain("type initializer", stderr);
        Assert.Contains("cannot load its native library libOpenCvSharpExtern.so: the system library libgtk-3.so.0 is missing or broken", stderr.ReplaceLineEndings(" "));
        Assert.Contains("sudo apt-get install libgtk-3-0", stderr.ReplaceLineEndings(" "));
    }
}
