using System.Collections;
using System.Diagnostics;
using System.Net;
using System.Text.Json.Nodes;
using PoseTools.Models;
using PoseTools.Web;

namespace PoseTools.Tests.Web;

/// <summary>The upload page as a program of its own (what Start-PoseWebUI runs, and a container would).</summary>
public sealed class WebProgramTests
{
    private static string Program => Path.Combine(TestEnvironment.RepoRoot, "out", "module", "PoseTools.Web.dll");

    [Fact]
    public async Task ItIsConfiguredByVariablesAndStopsCleanlyOnSigterm()
    {
        _ = TestEnvironment.Models;
        var psi = new ProcessStartInfo("dotnet", [Program, "--port", "0"]) { RedirectStandardOutput = true, RedirectStandardError = true };
        psi.Environment["POSETOOLS_WEB_MODEL_COMPLEXITY"] = "heavy";
        psi.Environment["POSETOOLS_WEB_MAX_UPLOAD_MB"] = "3";
        psi.Environment["POSETOOLS_WEB_REDUCED_DECODING"] = "on";
        psi.Environment[ModelStore.DirectoryVariable] = TestEnvironment.Models.Directory;
        using var web = Process.Start(psi)!;
        try
        {
            string? line = await web.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromMinutes(2));
            Assert.StartsWith("serving http://127.0.0.1:", line);
            using var client = new HttpClient { BaseAddress = new Uri(line!["serving ".Length..]) };
            var health = JsonNode.Parse(await client.GetStringAsync("api/health"))!;
            Assert.Equal("Heavy", health["defaultModelComplexity"]!.GetValue<string>());
            Assert.Equal(3L * 1024 * 1024, health["maxUploadBytes"]!.GetValue<long>());
            var upload = await client.PostAsync("api/pose", WebServerTests.Form(File.ReadAllBytes(TestEnvironment.DataFile("messi5.jpg"))));
            Assert.Equal(HttpStatusCode.OK, upload.StatusCode);

            // A phone-sized JPEG: the pose the library gives with reduced decoding (and not the full decode's).
            var phone = Imaging.ScaledPhotoTests.PhoneSized("messi5.jpg");
            var expected = TestEstimators.For(new PoseTools.Inference.PoseEstimatorOptions { ModelComplexity = ModelComplexity.Heavy, ReducedDecoding = true }).Estimate(phone);
            var full = TestEstimators.For(new PoseTools.Inference.PoseEstimatorOptions { ModelComplexity = ModelComplexity.Heavy }).Estimate(phone);
            var json = JsonNode.Parse(await (await client.PostAsync("api/pose", WebServerTests.Form(phone))).Content.ReadAsStringAsync())!;
            var nose = json["poses"]![0]!["landmarks"]![0]!;
            Assert.Equal(33, json["poses"]![0]!["landmarks"]!.AsArray().Count);
            Assert.Equal(expected.Poses[0].Landmarks[0].X, nose["x"]!.GetValue<float>(), 5);
            Assert.NotEqual(full.Poses[0].Landmarks[0].X, nose["x"]!.GetValue<float>(), 5);

            using (var kill = Process.Start("kill", ["-TERM", web.Id.ToString()])) await kill.WaitForExitAsync();
            string rest = await web.StandardOutput.ReadToEndAsync().WaitAsync(TimeSpan.FromMinutes(1));
            await web.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(1));
            Assert.Equal(0, web.ExitCode);
            Assert.Contains("stopped: 2 requests, 2 computed", rest);
        }
        finally
        {
            if (!web.HasExited) web.Kill(entireProcessTree: true);
        }
    }

    [Fact]
    public void BadSettingsAreRefusedWithAMessage()
    {
        var psi = new ProcessStartInfo("dotnet", [Program, "--listen", "not-an-address"]) { RedirectStandardOutput = true, RedirectStandardError = true };
        using var web = Process.Start(psi)!;
        string stderr = web.StandardError.ReadToEnd();
        Assert.True(web.WaitForExit(TimeSpan.FromMinutes(1)));
        Assert.Equal(2, web.ExitCode);
        Assert.Equal("PoseTools.Web: --listen takes an IP address (127.0.0.1, 0.0.0.0 …), not 'not-an-address'", stderr.Trim());

        IDictionary env = new Hashtable { ["POSETOOLS_WEB_PORT"] = "9000", ["POSETOOLS_WEB_ALLOWED_HOSTS"] = "pose.lan, other.lan" };
        var parsed = PoseWebCommandLine.Parse(["--port", "9100", "--model-complexity", "lite"], env);
        Assert.Equal(9100, parsed.Options.Port);                             // the command line over the environment
        Assert.Equal(ModelComplexity.Lite, parsed.Options.ModelComplexity);
        Assert.Equal(["pose.lan", "other.lan"], parsed.Options.AllowedHosts);
        Assert.False(parsed.Options.ReducedDecoding);
        Assert.True(PoseWebCommandLine.Parse(["--reduced-decoding", "on"], env).Options.ReducedDecoding);
        Assert.Throws<ArgumentException>(() => PoseWebCommandLine.Parse(["--reduced-decoding", "maybe"], new Hashtable()));
        Assert.Throws<ArgumentException>(() => PoseWebCommandLine.Parse(["--max-upload-mb", "0"], new Hashtable()));
        Assert.Throws<ArgumentException>(() => PoseWebCommandLine.Parse(["--unknown", "1"], new Hashtable()));
    }
}
