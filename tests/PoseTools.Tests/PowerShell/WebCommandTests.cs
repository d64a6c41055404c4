using System.Diagnostics;
using System.Management.Automation;
using System.Net;
using System.Text.RegularExpressions;
using PoseTools.Tests.Web;
using PoseTools.Web;

namespace PoseTools.Tests.PowerShell;

/// <summary>Start-PoseWebUI / Stop-PoseWebUI in the hosted engine, and in the foreground from PoseTools.Shell.</summary>
public sealed partial class WebCommandTests(ModuleSession session) : IClassFixture<ModuleSession>
{
    [Fact]
    public async Task StartServesTheApiAndStopEndsIt()
    {
        var server = Assert.IsType<PoseWebServer>(Assert.Single(session.Ok("Start-PoseWebUI -Port 0 -ModelComplexity Lite")));
        Assert.True(IPAddress.IsLoopback(server.Options.ListenAddress));
        using var client = new HttpClient { BaseAddress = server.Url };
        Assert.Contains("\"status\":\"ok\"", await client.GetStringAsync("api/health"));
        var response = await client.PostAsync("api/pose", WebServerTests.Form(File.ReadAllBytes(TestEnvironment.DataFile("messi5.jpg"))));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("\"modelComplexity\":0", await response.Content.ReadAsStringAsync());

        session.Ok($"Stop-PoseWebUI -Port {server.Port}");
        await Assert.ThrowsAsync<HttpRequestException>(() => client.GetStringAsync("api/health"));
    }

    [Fact]
    public void StopReportsAPortWithNoServerAndWhatIfStartsNothing()
    {
        var (_, errors) = session.Run("Stop-PoseWebUI -Port 1");
        Assert.Equal("ServerNotFound,PoseTools.PowerShell.StopPoseWebUICommand", Assert.Single(errors).FullyQualifiedErrorId);
        Assert.Empty(session.Ok("Start-PoseWebUI -Port 0 -WhatIf"));
        var (_, bad) = session.Run("Start-PoseWebUI -ListenAddress 'not-an-address'");
        Assert.Equal(ErrorCategory.InvalidArgument, Assert.Single(bad).CategoryInfo.Category);
    }

    [Fact]
    public async Task TheShellServesInTheForegroundUntilCtrlC()
    {
        _ = TestEnvironment.Models;
        var psi = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in new[] { ShellTests.ShellDll, "-NoProfile", "-Command", "Start-PoseWebUI -Port 0 -Wait" }) psi.ArgumentList.Add(a);
        using var shell = Process.Start(psi)!;
        var errors = shell.StandardError.ReadToEndAsync();
        try
        {
            Uri? url = null;
            var deadline = DateTime.UtcNow.AddMinutes(2);
            while (url is null && DateTime.UtcNow < deadline && await shell.StandardOutput.ReadLineAsync() is { } line)
                if (Serving().Match(line) is { Success: true } m) url = new Uri(m.Groups[1].Value);
            Assert.True(url is not null, "no 'serving' line: " + (shell.HasExited ? await errors : ""));
            using var client = new HttpClient { BaseAddress = url };
            Assert.Contains("\"status\":\"ok\"", await client.GetStringAsync("api/health"));
            Assert.Contains("<title>PoseTools", await client.GetStringAsync("/"));

            // Ctrl+C: SIGINT to the shell stops the pipeline, and with it the server.
            using (var kill = Process.Start("kill", ["-INT", shell.Id.ToString()])) await kill.WaitForExitAsync();
            Assert.True(shell.WaitForExit(TimeSpan.FromSeconds(30)), "the shell did not stop on Ctrl+C");
            await Assert.ThrowsAsync<HttpRequestException>(() => client.GetStringAsync("api/health"));
        }
        finally
        {
            if (!shell.HasExited) shell.Kill(entireProcessTree: true);
        }
    }

    [GeneratedRegex(@"serving (http://\S+/)")]
    private static partial Regex Serving();
}
