using System.Diagnostics;
using System.Text.RegularExpressions;
using PoseTools.Inference;
using PoseTools.Models;

namespace PoseTools.Bench;

/// <summary>
/// The README's speed table in one run: a photo, a phone photo, a folder, a video — each beside the official runtime's
/// inference time measured in the same invocation (LiteRT, one thread: <see cref="OfficialRuntime"/>). The official
/// figure is inference alone (no decoding, no pre- or post-processing), so every ratio favours the official side.
/// </summary>
public static class SpeedBenchmark
{
    public static void Run(BenchOptions options)
    {
        string repo = PipelineBenchmark.FindRepoRoot();
        string shared = Path.Combine(repo, "..", "shared");
        var store = new ModelStore(options.Models);
        if (!store.IsInstalled()) store.Install();
        var official = OfficialRuntime.Measure(shared);
        double detector = official?["pose_detection"] ?? double.NaN, full = official?["pose_landmark_full"] ?? double.NaN;
        if (official is not null)
            Console.WriteLine($"official LiteRT (1 thread, this run): detector {detector:F1} ms, lite {official["pose_landmark_lite"]:F1}, full {full:F1}, heavy {official["pose_landmark_heavy"]:F1}");
        double photoAnchor = detector + full;
        // The ceiling: ONNX Runtime's inference alone, as the pipeline runs it — what no decoding, sampling or cmdlet
        // work could beat, so the ratios below are read against it.
        var ceiling = ModelCeiling.Measure(store, 50);
        Console.WriteLine($"ONNX Runtime alone (this run): detector {ceiling.Detector:F1} ms + full {ceiling.Full:F1} on all cores = {ceiling.Detector + ceiling.Full:F1} ms " +
                          $"→ one photo at most {photoAnchor / (ceiling.Detector + ceiling.Full):F1}× the official with every other step free; " +
                          $"full on one thread {ceiling.FullOneThread:F1} ms → a tracked video beside its decoder at most {1000 / ceiling.FullOneThread:F0} fps");
        var rows = new List<(string Work, string Ours, string Official, string Ratio)>();
        string Ratio(double ours, double anchor, bool higherIsBetter = false) =>
            double.IsNaN(anchor) ? "–" : $"{(higherIsBetter ? ours / anchor : anchor / ours):F1}×";

        var photos = PipelineBenchmark.Photos(Path.Combine(shared, "data"));
        using (var estimator = new PoseEstimator(new PoseEstimatorOptions { ModelDirectory = options.Models }))
        {
            // The photo bench/pwsh-throughput.ps1 times, so the two rows differ only by the cmdlet call.
            string photo = Path.Combine(shared, "data", "messi5.jpg");
            estimator.Estimate(photo);
            var ms = Enumerable.Range(0, 30).Select(_ => estimator.Estimate(photo).Milliseconds).ToList();
            double median = Stats.Median(ms);
            rows.Add(("one photo (548×342 JPEG), library", $"{median:F1} ms", $"{photoAnchor:F1} ms", Ratio(median, photoAnchor)));
        }

        var pwsh = PwshFigures(repo);
        if (pwsh.PerCall is { } perCall)
            rows.Add(("one photo (548×342 JPEG), `Get-Pose -Path` from pwsh, per call", $"{perCall:F1} ms", $"{photoAnchor:F1} ms", Ratio(perCall, photoAnchor)));

        // The last: a photo with a colour profile (Adobe RGB), as phones embed Display P3 in theirs — converted to sRGB.
        const string Profiled = "000000000785.jpg";
        foreach (var (name, reduced) in new[] { ("S1_Directions_1.54138969_000001.jpg", false), ("S1_Directions_1.54138969_000001.jpg", true), ("messi5.jpg", false), ("messi5.jpg", true), (Profiled, false), (Profiled, true) })
        {
            var (jpeg, _, _) = AccuracyBenchmark.Enlarged(Path.Combine(shared, "data", name), 4000);
            if (name == Profiled) jpeg = WithColourProfileOf(Path.Combine(shared, "data", name), jpeg);
            using var estimator = new PoseEstimator(new PoseEstimatorOptions { ReducedDecoding = reduced, ModelDirectory = options.Models });
            estimator.Estimate(jpeg);
            var results = Enumerable.Range(0, 10).Select(_ => estimator.Estimate(jpeg)).ToList();
            double median = Stats.Median(results.Select(r => r.Milliseconds).ToList());
            double decode = Stats.Median(results.Select(r => r.Timings.Decode).ToList());
            string profile = name == Profiled ? ", Adobe RGB profile" : "";
            rows.Add(($"phone photo {results[0].Width}×{results[0].Height} JPEG ({results[0].Width * results[0].Height / 1e6:F0} MP, enlarged{profile}), {(reduced ? "-ReducedDecoding" : "full decode")}",
                $"{median:F1} ms (decode {decode:F1})", $"{photoAnchor:F1} ms", Ratio(median, photoAnchor)));
        }

        double library = PipelineBenchmark.Throughput(photos, options);
        double folderAnchor = Environment.ProcessorCount * 1000 / photoAnchor; // one official inference per core
        rows.Add(($"folder, library ({Environment.ProcessorCount} photos in parallel)", $"{library:F0} photos/s", $"{folderAnchor:F0} photos/s", Ratio(library, folderAnchor, true)));
        if (pwsh.PerSecond is { } perSecond)
            rows.Add(("folder, `Get-ChildItem \\| Get-Pose` in pwsh", $"{perSecond:F0} photos/s", $"{folderAnchor:F0} photos/s", Ratio(perSecond, folderAnchor, true)));
        if (pwsh.Exports is { } exports)
            rows.Add(("folder, `… \\| Get-Pose \\| Export-PoseSkeleton` (JPEG overlays) / `\\| Export-Pose` (CSV)", exports, $"{folderAnchor:F0} photos/s", "–"));

        // A 640×360 clip (the issue's) and a phone-sized 1280×720 one, whose decoding costs about as much as the inference.
        using (var estimator = new PoseEstimator(new PoseEstimatorOptions { ModelDirectory = options.Models }))
            foreach (var (name, size) in new[] { ("pushup_incorrect_001.mp4", "640×360"), ("squat_correct_010.mp4", "1280×720") })
            {
                var (frames, fps) = VideoBenchmark.Fps(estimator, Path.Combine(shared, "data", name), new TrackingOptions(), 3);
                double videoAnchor = 1000 / full; // tracking runs the landmark model alone on each frame
                rows.Add(($"video, tracked, {size} ({frames} frames, decoding included)", $"{fps:F0} fps", $"{videoAnchor:F0} fps", Ratio(fps, videoAnchor, true)));
            }

        Console.WriteLine();
        Console.WriteLine($"| work (Full, {Environment.ProcessorCount} cores) | PoseTools | official inference alone | ratio |");
        Console.WriteLine("|---|---|---|---|");
        foreach (var r in rows) Console.WriteLine($"| {r.Work} | {r.Ours} | {r.Official} | {r.Ratio} |");
    }

    /// <summary>
    /// <paramref name="jpeg"/> with the colour profile of <paramref name="source"/> (its APP2 ICC_PROFILE segments, put
    /// right after the start marker): OpenCV's encoder writes none.
    /// </summary>
    private static byte[] WithColourProfileOf(string source, byte[] jpeg)
    {
        byte[] original = File.ReadAllBytes(source);
        var segments = new List<byte>();
        for (int i = 2; i + 4 <= original.Length && original[i] == 0xFF && original[i + 1] is not (0xDA or 0xD9);)
        {
            int length = original[i + 2] << 8 | original[i + 3];
            if (original[i + 1] == 0xE2 && System.Text.Encoding.ASCII.GetString(original, i + 4, 11) == "ICC_PROFILE")
                segments.AddRange(original.AsSpan(i, length + 2).ToArray());
            i += length + 2;
        }
        if (segments.Count == 0) throw new InvalidDataException($"{source} has no ICC profile");
        return [.. jpeg.AsSpan(0, 2), .. segments, .. jpeg.AsSpan(2)];
    }

    /// <summary>bench/pwsh-throughput.ps1 in real pwsh (the repo's tool manifest): per-call time and pipeline photos/s.</summary>
    private static (double? PerCall, double? PerSecond, string? Exports) PwshFigures(string repo)
    {
        var psi = new ProcessStartInfo("dotnet", ["pwsh", "-NoProfile", "-File", Path.Combine(repo, "bench", "pwsh-throughput.ps1"), "-Repeat", "30", "-Throttle", "4", "-MemoryPhotos", "0"])
            { WorkingDirectory = repo, RedirectStandardOutput = true, RedirectStandardError = true };
        using var process = Process.Start(psi)!;
        string output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        Console.Write(output);
        var call = Regex.Match(output, @"([\d.]+) ms per Get-Pose call");
        var rate = Regex.Match(output, @"= ([\d.]+) photos/s");
        var exports = Regex.Match(output, @"Export-PoseSkeleton ([\d.]+) photos/s; \| Export-Pose \(CSV\) ([\d.]+) photos/s");
        return (call.Success ? double.Parse(call.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) : null,
                rate.Success ? double.Parse(rate.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) : null,
                exports.Success ? $"{exports.Groups[1].Value} / {exports.Groups[2].Value} photos/s" : null);
    }
}
