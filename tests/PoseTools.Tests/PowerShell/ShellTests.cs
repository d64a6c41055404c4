using System.Diagnostics;
using Xunit.Abstractions;

namespace PoseTools.Tests.PowerShell;

/// <summary>
/// PoseTools.Shell as a separate process. It does not reference PoseTools, so every run also proves that the module
/// loads its native libraries from its own folder, whatever the current directory.
/// </summary>
public sealed class ShellTests(ITestOutputHelper log)
{
    internal static string ShellDll
    {
        get
        {
            string configuration = AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Release{Path.DirectorySeparatorChar}") ? "Release" : "Debug";
            return Path.Combine(TestEnvironment.RepoRoot, "src", "PoseTools.Shell", "bin", configuration, "net10.0", "PoseTools.Shell.dll");
        }
    }

    private (int Exit, string Out, string Err) Run(string workingDirectory, params string[] arguments)
    {
        _ = TestEnvironment.Models;
        var psi = new ProcessStartInfo("dotnet") { WorkingDirectory = workingDirectory, RedirectStandardOutput = true, RedirectStandardError = true };
        psi.ArgumentList.Add(ShellDll);
        foreach (var a in arguments) psi.ArgumentList.Add(a);
        psi.Environment.Remove("POSETOOLS_MODULE");
        using var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        Assert.True(p.WaitForExit(TimeSpan.FromMinutes(3)), "the shell did not finish");
        log.WriteLine($"exit {p.ExitCode}\n--- stdout\n{stdout.Result}\n--- stderr\n{stderr.Result}");
        return (p.ExitCode, stdout.Result, stderr.Result);
    }

    [Fact]
    public void CommandOutputIsFormattedWithTheModulesViewsFromAnyDirectory()
    {
        var (exit, stdout, stderr) = Run(Path.GetTempPath(), "-NoProfile", "-Command", $"Get-Pose '{TestEnvironment.DataFile("messi5.jpg")}'");
        Assert.Equal(0, exit);
        Assert.Contains("Poses", stdout);                 // the PoseResult table view's header
        Assert.Contains("messi5.jpg", stdout);
        Assert.DoesNotContain("\u001b[", stdout);          // redirected output is plain text
        Assert.Equal("", stderr.Trim());
    }

    [Fact]
    public void ErrorsGoToStandardErrorAndSetTheExitCode()
    {
        var (exit, stdout, stderr) = Run(Path.GetTempPath(), "-Command", "Get-Pose /no/such/photo.jpg");
        Assert.Equal(1, exit);
        Assert.Contains("Get-Pose: Cannot find the file '/no/such/photo.jpg'", stderr);
        Assert.Equal("", stdout.Trim());

        var thrown = Run(Path.GetTempPath(), "-Command", "throw 'boom'");
        Assert.Equal(1, thrown.Exit);
        Assert.Contains("boom", thrown.Err);

        Assert.Equal(3, Run(Path.GetTempPath(), "-Command", "exit 3").Exit);
        var verbose = Run(Path.GetTempPath(), "-Command", $"Get-Pose '{TestEnvironment.DataFile("no-person-fruits.jpg")}' -Verbose");
        Assert.Equal(0, verbose.Exit);
        Assert.Contains("VERBOSE: No person found in", verbose.Err);
    }

    [Fact]
    public void FileRunsAScriptWithNamedArguments()
    {
        var dir = TestEnvironment.NewTempDirectory("posetools-shellfile");
        var script = Path.Combine(dir, "count.ps1");
        File.WriteAllText(script, "param([string]$Folder, [int]$Max = 1, [switch]$Loud)\n$r = Get-Pose ([IO.Path]::Combine($Folder, 'S*.jpg')) -MaxPoses $Max\n\"images={0} loud={1} max={2}\" -f @($r).Count, $Loud.IsPresent, $Max\n");
        var (exit, stdout, _) = Run(dir, "-File", script, "-Folder", Path.Combine(TestEnvironment.SharedDirectory, "data"), "-Loud", "-Max:2");
        Assert.Equal(0, exit);
        Assert.Contains("images=4 loud=True max=2", stdout);
    }

    [Fact]
    public void TheReadmeMainJobCommandWorks()
    {
        // The README's "Run" section: its first shell command, run as written from the repository root.
        var readme = File.ReadAllLines(Path.Combine(TestEnvironment.RepoRoot, "README.md"));
        int run = Array.FindIndex(readme, l => l.StartsWith("## Run"));
        int fence = Array.FindIndex(readme, run, l => l.StartsWith("```sh"));
        string command = readme[fence + 1];
        Assert.Contains("src/PoseTools.Shell", command);
        var outDir = Path.Combine(TestEnvironment.RepoRoot, "out", "overlays");
        if (Directory.Exists(outDir)) Directory.Delete(outDir, recursive: true);

        var psi = new ProcessStartInfo("bash") { WorkingDirectory = TestEnvironment.RepoRoot, RedirectStandardOutput = true, RedirectStandardError = true };
        psi.ArgumentList.Add("-c");
        psi.ArgumentList.Add(command);
        using var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        Assert.True(p.WaitForExit(TimeSpan.FromMinutes(5)));
        log.WriteLine($"{command}\nexit {p.ExitCode}\n{stdout.Result}\n{stderr.Result}");
        Assert.Equal(0, p.ExitCode);
        var images = Directory.GetFiles(Path.Combine(TestEnvironment.RepoRoot, "examples", "images")).Where(f => f.EndsWith(".jpg") || f.EndsWith(".png")).ToList();
        Assert.Equal(images.Select(f => Path.GetFileNameWithoutExtension(f) + ".pose.png").Order(), Directory.GetFiles(outDir).Select(Path.GetFileName).Order());
    }

    [Fact]
    public void TheExampleScriptsRun()
    {
        var dir = TestEnvironment.NewTempDirectory("posetools-examples");
        string examples = Path.Combine(TestEnvironment.RepoRoot, "examples");

        var overlay = Run(dir, "-File", Path.Combine(examples, "batch-overlay.ps1"), "-OutDirectory", Path.Combine(dir, "overlays"));
        Assert.Equal(0, overlay.Exit);
        Assert.Equal(3, Directory.GetFiles(Path.Combine(dir, "overlays"), "*.pose.png").Length);

        var knees = Run(dir, "-File", Path.Combine(examples, "knee-angles-csv.ps1"), "-Csv", "knees.csv");
        Assert.Equal(0, knees.Exit);
        var rows = File.ReadAllLines(Path.Combine(dir, "knees.csv"));
        Assert.StartsWith("source,pose,left_knee_2d", rows[0]);
        Assert.True(rows.Length >= 4, $"{rows.Length - 1} rows");

        var compare = Run(dir, "-File", Path.Combine(examples, "compare-complexities.ps1"));
        Assert.Equal(0, compare.Exit);
        Assert.Contains("Lite", compare.Out);
        Assert.Contains("Heavy", compare.Out);
    }
}
