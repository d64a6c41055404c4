using PoseTools.Models;
using static PoseTools.Tests.PowerShell.Pwsh;

namespace PoseTools.Tests.PowerShell;

/// <summary>Measure-PoseAngle, Compare-PoseModel, Get-PoseModel and Install-PoseModel in real pwsh.</summary>
public sealed class AnalysisCommandTests
{
    private static string Photo(string name) => Quote(TestEnvironment.DataFile(name));
    private static double Number(string text) => double.Parse(text, System.Globalization.CultureInfo.InvariantCulture);

    [Fact]
    public void AnglesOfNamedJointsAndOfAnyThreeLandmarks()
    {
        var lines = Ok($$"""
            filter Row { $_.Joint + '|' + $_.Space + '|' + $_.Degrees.ToString('R', [cultureinfo]::InvariantCulture) }
            $r = Get-Pose {{Photo("messi5.jpg")}}
            $r | Measure-PoseAngle -Joint LeftKnee, RightElbow | Row
            $r | Measure-PoseAngle -Landmark LeftHip, LeftKnee, LeftAnkle | Row
            $r | Measure-PoseAngle LeftKnee -Space World | Row
            """).Select(l => l.Split('|')).ToList();
        Assert.Equal(["LeftKnee", "RightElbow"], lines.Take(2).Select(l => l[0]));
        Assert.All(lines, l => Assert.InRange(Number(l[2]), 0, 180));
        Assert.Equal(Number(lines[0][2]), Number(lines[2][2]), 6);
        Assert.Equal("World", lines[3][1]);
        Assert.NotEqual(Number(lines[0][2]), Number(lines[3][2]));
    }

    [Fact]
    public void CompareGivesOneRowPerComplexityAgainstTheHeaviest()
    {
        var rows = Ok($$"""
            Compare-PoseModel {{Photo("messi5.jpg")}}, {{Photo("basketball1.png")}} -ModelComplexity Lite, Full | ForEach-Object {
                $_.ModelComplexity, $_.Reference, $_.MaxDisagreement, $_.MeanDisagreement, $_.Landmarks.Count, $_.Milliseconds -join '|' }
            """).Select(l => l.Split('|')).ToList();
        Assert.Equal(4, rows.Count);
        Assert.All(rows, r => Assert.Equal("Full", r[1]));
        Assert.All(rows.Where(r => r[0] == "Full"), r => Assert.Equal(0, Number(r[2])));
        Assert.All(rows.Where(r => r[0] == "Lite"), r =>
        {
            Assert.InRange(Number(r[3]), 1e-4, 0.1);
            Assert.Equal("33", r[4]);
            Assert.True(Number(r[5]) > 0);
        });
    }

    [Fact]
    public void ModelListShowsFourInstalledModels()
    {
        var empty = TestEnvironment.NewTempDirectory("posetools-nomodels");
        var lines = Ok($"Get-PoseModel | ForEach-Object {{ $_.State.ToString() + '|' + $_.SourcePackage }}; '--'; Get-PoseModel -ModelDirectory {Quote(empty)} | ForEach-Object State");
        Assert.Equal(Enumerable.Repeat($"Installed|{MediaPipePosePackage.Spec}", 4), lines.Take(4));
        Assert.Equal(Enumerable.Repeat("Missing", 4), lines.Skip(5));
    }

    [Fact]
    public void InstallFromALocalTarballWithProgress()
    {
        var dir = TestEnvironment.NewTempDirectory("posetools-psinstall");
        // Progress records are not an output stream: a nested PowerShell in the same pwsh process collects them.
        var lines = Ok($$"""
            $ps = [PowerShell]::Create()
            $null = $ps.AddScript("Import-Module {{Manifest.Replace("'", "''")}}; Install-PoseModel -Path '{{TestEnvironment.PackageTarball}}' -ModelDirectory '{{dir}}'")
            $ps.Invoke() | ForEach-Object { 'state ' + $_.State }
            'errors ' + $ps.HadErrors
            $ps.Streams.Progress | ForEach-Object StatusDescription | Select-Object -Unique
            """);
        Assert.Equal(Enumerable.Repeat("state Installed", 4), lines.Take(4));
        Assert.Equal("errors False", lines[4]);
        Assert.Contains(lines.Skip(5), p => p.Contains("Converting"));
    }
}
