using System.Diagnostics;
using Xunit.Abstractions;
using static PoseTools.Tests.PowerShell.Pwsh;

namespace PoseTools.Tests.PowerShell;

/// <summary>
/// The module installed the PowerShell way: the build's PSResource package, registered as a local repository,
/// installed with Install-PSResource into a fresh user profile, and imported by name in a new pwsh — the README's
/// install lines, run as written.
/// </summary>
public sealed class ModulePackageTests(ITestOutputHelper log)
{
    private static string PackageFolder => Path.Combine(TestEnvironment.RepoRoot, "out", "psresource");

    private (int Exit, string Out, string Err) InProfile(string home, string workingDirectory, string script)
    {
        var psi = StartInfo(workingDirectory, "-NoProfile", "-NonInteractive", "-Command", script);
        psi.Environment["HOME"] = home;                       // a profile of its own: module path, repositories, caches
        psi.Environment["XDG_DATA_HOME"] = Path.Combine(home, ".local", "share");
        psi.Environment["POSETOOLS_MODELS"] = TestEnvironment.Models.Directory; // the installed models, not a new download
        psi.Environment.Remove("PSModulePath");
        using var p = Process.Start(psi)!;
        p.StandardInput.Close();
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        Assert.True(p.WaitForExit(TimeSpan.FromMinutes(5)));
        log.WriteLine($"{script}\nexit {p.ExitCode}\n{stdout.Result}\n{stderr.Result}");
        return (p.ExitCode, stdout.Result, stderr.Result);
    }

    [Fact]
    public void TheManifestsPassTestModuleManifest()
    {
        var lines = Ok($"""
            foreach ($m in {Quote(Manifest)}, {Quote(Path.Combine(TestEnvironment.RepoRoot, "out", "module", "PoseTools.psd1"))}) {"{"}
                $t = Test-ModuleManifest $m -ErrorAction Stop
                $t.Name, $t.Version, $t.PowerShellVersion, ($t.CompatiblePSEditions -join ';'), $t.ExportedCmdlets.Count -join '|'
            {"}"}
            """);
        // Every cmdlet of the module (one per file, <Verb><Noun>Command.cs) is exported, by both manifests.
        int cmdlets = Directory.GetFiles(Path.Combine(TestEnvironment.RepoRoot, "src", "PoseTools.PowerShell"), "*Command.cs").Length;
        Assert.Equal(2, lines.Count);
        Assert.All(lines, l => Assert.Equal($"PoseTools|0.1.0|7.5|Core|{cmdlets}", l));
    }

    [Fact]
    public void InstallPSResourceThenImportByNameInAFreshPwsh()
    {
        Assert.Single(Directory.GetFiles(PackageFolder, "PoseTools.*.nupkg"));
        var home = TestEnvironment.NewTempDirectory("posetools-home");
        var install = string.Join("\n", PwshHostTests.ReadmeBlock("### Installing the module"));
        Assert.Contains("Install-PSResource PoseTools", install);
        var (exit, _, stderr) = InProfile(home, TestEnvironment.RepoRoot, install + "\n(Get-Module PoseTools).ModuleBase");
        Assert.True(exit == 0, stderr);

        var (exit2, stdout, stderr2) = InProfile(home, Path.Combine(TestEnvironment.SharedDirectory, "data"),
            "Import-Module PoseTools; (Get-Module PoseTools).ModuleBase; Get-ChildItem *.jpg | Get-Pose | ForEach-Object { 'pose ' + $_.Source + ' ' + $_.Poses.Count }");
        Assert.True(exit2 == 0, stderr2);
        var lines = stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.StartsWith(Path.Combine(home, ".local", "share", "powershell", "Modules", "PoseTools"), lines[0]);
        var poses = lines.Where(l => l.StartsWith("pose ")).ToList();
        Assert.Equal(Directory.GetFiles(Path.Combine(TestEnvironment.SharedDirectory, "data"), "*.jpg").Length, poses.Count);
        Assert.Contains(poses, p => p.EndsWith("messi5.jpg 1"));
        Assert.Equal("", stderr2.Trim());
    }
}
