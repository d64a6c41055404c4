using System.Diagnostics;

namespace PoseTools.Bench;

/// <summary>
/// The upload page's memory as a user's server sees it: the real program (out/module/PoseTools.Web.dll, built with the
/// module) started on a free port, its resident memory read after it starts, after one photo per complexity (all three
/// models loaded), after more photos across the complexities, and after a workout video; then its peak.
/// </summary>
public static class WebMemoryBenchmark
{
    public static void Run(BenchOptions options)
    {
        string repo = PipelineBenchmark.FindRepoRoot();
        string program = Path.Combine(repo, "out", "module", "PoseTools.Web.dll");
        if (!File.Exists(program))
        {
            Console.WriteLine($"{program} is missing: build the solution first (dotnet build -c Release).");
            return;
        }
        string data = options.Images ?? Path.Combine(repo, "..", "shared", "data");
        var photos = Directory.GetFiles(data, "*.jpg").Order().ToList();
        string video = Path.Combine(data, "pushup_incorrect_001.mp4");

        var psi = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in new[] { program, "--port", "0" }) psi.ArgumentList.Add(a);
        if (options.Models is { } models) { psi.ArgumentList.Add("--model-directory"); psi.ArgumentList.Add(models); }
        using var server = Process.Start(psi)!;
        _ = server.StandardError.ReadToEndAsync();
        try
        {
            string? line = server.StandardOutput.ReadLine();
            if (line is null || !line.StartsWith("serving ", StringComparison.Ordinal))
            {
                Console.WriteLine($"the upload page did not start: {line}");
                return;
            }
            _ = server.StandardOutput.ReadToEndAsync();
            var url = new Uri(line["serving ".Length..].Trim());
            using var http = new HttpClient { BaseAddress = url, Timeout = TimeSpan.FromMinutes(5) };
            Console.WriteLine($"upload page {url} (pid {server.Id}), resident memory (MiB):");
            Console.WriteLine($"  idle: {Resident(server)}");
            var complexities = new[] { "lite", "full", "heavy" };
            foreach (var complexity in complexities)
            {
                Post(http, "/api/pose", "image", photos[0], complexity);
                Console.WriteLine($"  after a photo with {complexity}: {Resident(server)}");
            }
            int more = 0;
            foreach (var complexity in complexities.Concat(complexities))
                foreach (var photo in photos.Take(4))
                {
                    Post(http, "/api/pose", "image", photo, complexity);
                    more++;
                }
            Console.WriteLine($"  after {more} more photos across the complexities: {Resident(server)}");
            if (File.Exists(video))
            {
                Post(http, "/api/workout", "video", video, "full");
                Console.WriteLine($"  after a workout video ({Path.GetFileName(video)}): {Resident(server)}");
            }
            Console.WriteLine($"  peak: {Peak(server)}");
        }
        finally
        {
            if (!server.HasExited) server.Kill(entireProcessTree: true);
            server.WaitForExit();
        }
    }

    private static void Post(HttpClient http, string path, string field, string file, string complexity)
    {
        using var form = new MultipartFormDataContent
        {
            { new ByteArrayContent(File.ReadAllBytes(file)), field, Path.GetFileName(file) },
            { new StringContent(complexity), "modelComplexity" },
        };
        using var response = http.PostAsync(path, form).GetAwaiter().GetResult();
        if (!response.IsSuccessStatusCode)
            throw new InvalidOperationException($"{path} with {Path.GetFileName(file)} ({complexity}): {(int)response.StatusCode} {response.Content.ReadAsStringAsync().GetAwaiter().GetResult()}");
    }

    private static long Resident(Process process)
    {
        process.Refresh();
        return process.WorkingSet64 >> 20;
    }

    private static long Peak(Process process)
    {
        process.Refresh();
        return process.PeakWorkingSet64 >> 20;
    }
}
