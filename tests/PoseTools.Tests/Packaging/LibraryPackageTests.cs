using System.Diagnostics;
using Xunit.Abstractions;

namespace PoseTools.Tests.Packaging;

/// <summary>
/// The libraries as a .NET developer takes them: a new console project that references the PoseTools and
/// PoseTools.Interactive packages from the build's local feed (out/packages) estimates a pose.
/// </summary>
public sealed class LibraryPackageTests(ITestOutputHelper log)
{
    [Fact]
    public async Task AFreshConsoleProjectReferencingThePackagesEstimatesAPose()
    {
        string feed = Path.Combine(TestEnvironment.RepoRoot, "out", "packages");
        Assert.True(File.Exists(Path.Combine(feed, "PoseTools.0.1.0.nupkg")) && File.Exists(Path.Combine(feed, "PoseTools.Interactive.0.1.0.nupkg")));
        var dir = TestEnvironment.NewTempDirectory("posetools-consumer");
        File.WriteAllText(Path.Combine(dir, "NuGet.Config"), $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration><packageSources><add key="posetools-local" value="{feed}" /></packageSources></configuration>
            """);
        File.WriteAllText(Path.Combine(dir, "Consumer.csproj"), """
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup><OutputType>Exe</OutputType><TargetFramework>net10.0</TargetFramework><ImplicitUsings>enable</ImplicitUsings></PropertyGroup>
              <ItemGroup>
                <PackageReference Include="PoseTools" Version="0.1.0" />
                <PackageReference Include="PoseTools.Interactive" Version="0.1.0" />
              </ItemGroup>
            </Project>
            """);
        File.WriteAllText(Path.Combine(dir, "Program.cs"), """
            using PoseTools.Inference;
            using PoseTools.Interactive;
            using var estimator = new PoseEstimator();
            var result = estimator.Estimate(args[0]);
            var knee = result.Poses[0].Landmarks.LeftKnee;
            Console.WriteLine($"poses={result.Poses.Count} landmarks={result.Poses[0].Landmarks.Count} knee={knee.PixelX:F1},{knee.PixelY:F1}");
            Console.WriteLine($"chart={ChartHtml.Render(PoseCharts.Confidence(result.Poses[0]), PlotlyLibrary.Never).Length > 0}");
            """);
        _ = TestEnvironment.Models;
        var psi = new ProcessStartInfo("dotnet", ["run", "-c", "Release", "--", TestEnvironment.DataFile("messi5.jpg")])
            { WorkingDirectory = dir, RedirectStandardOutput = true, RedirectStandardError = true };
        using var p = Process.Start(psi)!;
        var reading = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        Assert.True(p.WaitForExit(TimeSpan.FromMinutes(5)));
        string stdout = await reading;
        log.WriteLine($"exit {p.ExitCode}\n{stdout}\n{await stderr}");
        Assert.Equal(0, p.ExitCode);
        var expected = TestEstimators.Result(1, "messi5.jpg").Poses[0].Landmarks.LeftKnee;
        Assert.Contains($"poses=1 landmarks=33 knee={expected.PixelX:F1},{expected.PixelY:F1}", stdout);
        Assert.Contains("chart=True", stdout);
    }
}
