using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text.Json.Nodes;
using Xunit.Abstractions;

namespace PoseTools.Tests.Container;

/// <summary>
/// The ready-to-run image (tools/container), end to end with podman as a user runs it: built from a clean clone, the
/// pwsh one-liner on a mounted folder without a network (so the models are inside), the page published on
/// 127.0.0.1 only until healthy, a photo and a broken file uploaded, a clean stop on SIGTERM.
/// </summary>
[Collection(nameof(NetworkInterfaces))]
public sealed class ContainerImageTests(ITestOutputHelper log)
{
    private static readonly string Conf = Path.Combine(TestEnvironment.RepoRoot, "tools", "container", "containers.conf");
    private const string Image = "localhost/posetools:latest";

    [Fact]
    public async Task TheImageBuildsFromACleanCloneServesThePageAndRunsPwshOffline()
    {
        // 1. Build from a clean clone of the committed repository.
        string clone = TestEnvironment.NewTempDirectory("posetools-image");
        Run("git", ["clone", "--quiet", TestEnvironment.RepoRoot, clone], TimeSpan.FromMinutes(2));
        var watch = Stopwatch.StartNew();
        string built;
        try { built = Run(Path.Combine(clone, "tools", "container", "build.sh"), [], TimeSpan.FromMinutes(30), clone); }
        finally { TestEnvironment.DeleteTempDirectory(clone); }   // 2 GB of clone and build output, no longer needed once the image exists
        log.WriteLine($"{built.Trim()} (test: {watch.Elapsed.TotalSeconds:F0} s)");
        Assert.Contains($"built {Image}", built);

        // 2. The pwsh one-liner, offline, on a mounted folder.
        string data = TestEnvironment.NewTempDirectory("posetools-image-data");
        foreach (var photo in new[] { "messi5.jpg", "000000040083.jpg" }) File.Copy(TestEnvironment.DataFile(photo), Path.Combine(data, photo));
        File.SetUnixFileMode(data, (UnixFileMode)Convert.ToInt32("777", 8)); // the image runs as user 10001
        Podman(["run", "--rm", "--network", "none", "-v", $"{data}:/data", Image, "pwsh", "-NoProfile", "-c",
            "Get-ChildItem /data/*.jpg | Get-Pose | Export-Pose -Path /data/poses.csv"], TimeSpan.FromMinutes(3));
        var rows = File.ReadAllLines(Path.Combine(data, "poses.csv"));
        Assert.Equal(2, rows.Skip(1).Select(r => r.Split(',')[0]).Distinct().Count());   // a pose from each photo

        // 3. The page, published on 127.0.0.1 only, read-only root filesystem; healthy within a minute.
        int port = FreePort();
        string name = $"posetools-test-{Environment.ProcessId}";
        Podman(["run", "-d", "--name", name, "--read-only", "-p", $"127.0.0.1:{port}:8080", Image], TimeSpan.FromMinutes(1));
        try
        {
            var health = Stopwatch.StartNew();
            while (Podman(["healthcheck", "run", name], TimeSpan.FromMinutes(1), check: false).Exit != 0)
            {
                Assert.True(health.Elapsed < TimeSpan.FromMinutes(2), "the container did not become healthy");
                await Task.Delay(500);
            }
            log.WriteLine($"healthy after {health.Elapsed.TotalSeconds:F1} s");

            // 4. A shared photo → 33 landmarks; first and warm request times.
            using var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}/") };
            var photo = File.ReadAllBytes(TestEnvironment.DataFile("messi5.jpg"));
            var first = Stopwatch.StartNew();
            var response = await client.PostAsync("api/pose", Web.WebServerTests.Form(photo, complexity: "full"));
            double firstMs = first.Elapsed.TotalMilliseconds;
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var json = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
            Assert.Equal(33, json["poses"]![0]!["landmarks"]!.AsArray().Count);
            var warm = new List<double>();
            var other = File.ReadAllBytes(TestEnvironment.DataFile("000000040083.jpg"));
            for (int i = 0; i < 5; i++)
            {
                var w = Stopwatch.StartNew();   // a photo not in the server's cache: it varies the requested people count
                var again = await client.PostAsync("api/pose", Web.WebServerTests.Form(other, complexity: "full", maxPoses: (i + 1).ToString()));
                warm.Add(w.Elapsed.TotalMilliseconds);
                Assert.Equal(HttpStatusCode.OK, again.StatusCode);
            }
            log.WriteLine($"first request {firstMs:F0} ms, warm requests {string.Join(", ", warm.Select(m => m.ToString("F0")))} ms");

            // 4b. A workout video (decoded inside the read-only image, through its temporary folder) → the piked push-up.
            var video = new MultipartFormDataContent { { new ByteArrayContent(File.ReadAllBytes(TestEnvironment.DataFile("pushup_incorrect_piked.mp4"))), "video", "clip.mp4" } };
            var workout = await client.PostAsync("api/workout", video);
            Assert.Equal(HttpStatusCode.OK, workout.StatusCode);
            var person = JsonNode.Parse(await workout.Content.ReadAsStringAsync())!["people"]![0]!;
            Assert.Equal("PushUp", person["exercise"]!.GetValue<string>());
            Assert.Equal("HipsPiked", person["repetitions"]![0]!["faults"]![0]!.GetValue<string>());

            // 5. A broken file → a 4xx with a message, and the page carries on.
            var broken = await client.PostAsync("api/pose", Web.WebServerTests.Form(photo[..(photo.Length / 3)]));
            Assert.InRange((int)broken.StatusCode, 400, 499);
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("api/health")).StatusCode);

            // 6. SIGTERM (podman stop): a clean exit.
            Podman(["stop", "--time", "30", name], TimeSpan.FromMinutes(1));
            Assert.Equal("0", Podman(["inspect", name, "--format", "{{.State.ExitCode}}"], TimeSpan.FromMinutes(1)).Out.Trim());
            string logs = Podman(["logs", name], TimeSpan.FromMinutes(1)).Out;
            Assert.Contains("stopped:", logs);
        }
        finally
        {
            Podman(["rm", "--force", name], TimeSpan.FromMinutes(1), check: false);
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static (int Exit, string Out) Podman(string[] arguments, TimeSpan timeout, bool check = true)
    {
        var (exit, output) = Start("podman", arguments, timeout, null);
        if (check && exit != 0) throw new Xunit.Sdk.XunitException($"podman {string.Join(' ', arguments)} exited {exit}: {output}");
        return (exit, output);
    }

    private static string Run(string program, string[] arguments, TimeSpan timeout, string? directory = null)
    {
        var (exit, output) = Start(program, arguments, timeout, directory);
        Assert.True(exit == 0, $"{program} exited {exit}: {output}");
        return output;
    }

    private static (int Exit, string Output) Start(string program, string[] arguments, TimeSpan timeout, string? directory)
    {
        var psi = new ProcessStartInfo(program, arguments) { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = directory ?? TestEnvironment.RepoRoot };
        psi.Environment["CONTAINERS_CONF"] = Conf;
        using var process = Process.Start(psi)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(timeout))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{program} {string.Join(' ', arguments)} ran past {timeout}");
        }
        return (process.ExitCode, stdout.Result + stderr.Result);
    }
}
