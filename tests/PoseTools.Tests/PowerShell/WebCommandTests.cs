using System.Diagnostics;
using System.Text.RegularExpressions;
using static PoseTools.Tests.PowerShell.Pwsh;

namespace PoseTools.Tests.PowerShell;

/// <summary>Start-PoseWebUI / Stop-PoseWebUI in real pwsh: in the background of a session, and in the foreground until Ctrl+C.</summary>
public sealed partial class WebCommandTests
{
    [Fact]
    public void StartServesTheApiAndStopEndsIt()
    {
        var lines = Ok($$"""
            $s = Start-PoseWebUI -Port 0 -ModelComplexity Lite
            'loopback ' + [Net.IPAddress]::IsLoopback([Net.IPAddress]::Parse($s.Url.Host))
            'health ' + (Invoke-RestMethod ($s.Url.ToString() + 'api/health')).status
            $r = Invoke-RestMethod ($s.Url.ToString() + 'api/pose') -Method Post -Form @{ image = Get-Item {{Quote(TestEnvironment.DataFile("messi5.jpg"))}} }
            'complexity ' + $r.modelComplexity + ' landmarks ' + $r.poses[0].landmarks.Count
            'requests ' + $s.Statistics.Requests
            Stop-PoseWebUI -Port $s.Port
            try { Invoke-RestMethod ($s.Url.ToString() + 'api/health') -TimeoutSec 5; 'still serving' } catch { 'stopped' }
            'process gone ' + ($null -eq (Get-Process -Id $s.ProcessId -ErrorAction SilentlyContinue))
            """);
        Assert.Equal(["loopback True", "health ok", "complexity 0 landmarks 33", "requests 1", "stopped", "process gone True"], lines);
    }

    [Fact]
    public void ThePageEndsWithThePwshThatStartedIt()
    {
        // The page is a process of its own: pwsh leaving without Stop-PoseWebUI must not leave it running.
        var pid = int.Parse(Assert.Single(Ok("(Start-PoseWebUI -Port 0 -ModelComplexity Lite).ProcessId")));
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (DateTime.UtcNow < deadline && Running(pid)) Thread.Sleep(250);
        Assert.False(Running(pid), $"the page's process {pid} outlived its pwsh");

        static bool Running(int id)
        {
            try { using var p = Process.GetProcessById(id); return !p.HasExited; }
            catch (ArgumentException) { return false; }
        }
    }

    [Fact]
    public void StopReportsAPortWithNoServerAndWhatIfStartsNothing()
    {
        var run = Run("Stop-PoseWebUI -Port 1; Start-PoseWebUI -Port 0 -WhatIf | ForEach-Object { 'started' }; Start-PoseWebUI -ListenAddress 'not-an-address'");
        Assert.Empty(run.Output);
        Assert.Equal("ServerNotFound,PoseTools.PowerShell.StopPoseWebUICommand", run.Errors[0].Id);
        Assert.Equal("InvalidArgument", run.Errors[1].Category);
        Assert.Equal(2, run.Errors.Count);
    }

    [Fact]
    public async Task WaitServesInTheForegroundUntilCtrlC()
    {
        _ = TestEnvironment.Models;
        using var pwsh = Process.Start(StartInfo(TestEnvironment.RepoRoot, "-NoProfile", "-Command", $"Import-Module {Quote(Manifest)}; Start-PoseWebUI -Port 0 -Wait"))!;
        var errors = pwsh.StandardError.ReadToEndAsync();
        try
        {
            Uri? url = null;
            var deadline = DateTime.UtcNow.AddMinutes(2);
            while (url is null && DateTime.UtcNow < deadline && await pwsh.StandardOutput.ReadLineAsync() is { } line)
                if (Serving().Match(line) is { Success: true } m) url = new Uri(m.Groups[1].Value);
            Assert.True(url is not null, "no 'serving' line: " + (pwsh.HasExited ? await errors : ""));
            using var client = new HttpClient { BaseAddress = url };
            Assert.Contains("\"status\":\"ok\"", await client.GetStringAsync("api/health"));
            Assert.Contains("<title>PoseTools", await client.GetStringAsync("/"));
            for (int i = 0; i < 3; i++)
                Assert.True((await client.PostAsync("api/pose", Web.WebServerTests.Form(File.ReadAllBytes(TestEnvironment.DataFile("messi5.jpg"))))).IsSuccessStatusCode);

            // Ctrl+C: SIGINT to pwsh stops the pipeline, and with it the server, which is then shown with its final counters.
            Signals.Interrupt(pwsh);
            string rest = await pwsh.StandardOutput.ReadToEndAsync();
            Assert.True(pwsh.WaitForExit(TimeSpan.FromSeconds(60)), "pwsh did not stop on Ctrl+C");
            await Assert.ThrowsAsync<HttpRequestException>(() => client.GetStringAsync("api/health"));
            Assert.Matches(@"Stopped http://127\.0\.0\.1:\d+/: 3 requests, 1 computed, 2 from the cache, 0 refused as busy\.", rest);
        }
        finally
        {
            if (!pwsh.HasExited) pwsh.Kill(entireProcessTree: true);
        }
    }

    [GeneratedRegex(@"serving (http://\S+/)")]
    private static partial Regex Serving();
}
