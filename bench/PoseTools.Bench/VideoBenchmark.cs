using System.Diagnostics;
using PoseTools.Analysis;
using PoseTools.Inference;
using PoseTools.Models;
using PoseTools.Results;

namespace PoseTools.Bench;

/// <summary>
/// Video: frames per second in tracking mode (detector once, landmarks from the previous frame's region, 1€ filters)
/// against independent per-frame detection, per complexity at automatic, 1 and 2 threads, decoding included; then, for Full,
/// how the tracked run compares with the per-frame one (coverage, jitter on still parts, lag on fast motion).
/// </summary>
public static class VideoBenchmark
{
    public static void Run(BenchOptions options)
    {
        string folder = options.Images ?? Path.Combine(PipelineBenchmark.FindRepoRoot(), "..", "shared", "data");
        var clips = Directory.GetFiles(folder, "*.mp4").Order().ToList();
        var store = new ModelStore(options.Models);
        if (!store.IsInstalled()) store.Install();
        int runs = Math.Max(1, Math.Min(options.Runs, 3));
        Console.WriteLine($"{clips.Count} clips from {Path.GetFullPath(folder)}, best of {runs} passes (decoding included)");
        Console.WriteLine();
        Console.WriteLine($"{"clip",-26}{"frames",7}{"complexity",11}{"threads",8}{"tracking fps",14}{"per-frame fps",15}{"speed-up",10}");
        foreach (var clip in clips)
            foreach (var complexity in new[] { ModelComplexity.Lite, ModelComplexity.Full, ModelComplexity.Heavy })
                foreach (int threads in new[] { 0, 1, 2 }) // 0: automatic (a video: all cores but the decoder's)
                {
                    using var estimator = new PoseEstimator(new PoseEstimatorOptions { ModelComplexity = complexity, Threads = threads, ModelDirectory = options.Models });
                    var (frames, tracking) = Fps(estimator, clip, new TrackingOptions(), runs);
                    var (_, perFrame) = Fps(estimator, clip, new TrackingOptions { Track = false }, runs);
                    Console.WriteLine($"{Path.GetFileName(clip),-26}{frames,7}{complexity,11}{(threads == 0 ? "auto" : threads.ToString()),8}{tracking,14:F1}{perFrame,15:F1}{tracking / perFrame,9:F2}×");
                }

        Console.WriteLine();
        Console.WriteLine("Full, tracked vs per-frame (speeds in % of body size per frame; still/fast judged on per-frame detection):");
        Console.WriteLine($"{"clip",-26}{"found per-frame",16}{"tracked",9}{"missed",8}{"still frames",14}{"jitter per-frame",18}{"tracked",9}{"fast frames",13}{"lag",5}");
        using (var estimator = new PoseEstimator(new PoseEstimatorOptions { ModelDirectory = options.Models }))
            foreach (var clip in clips)
            {
                var q = TrackingQuality.Compare(estimator.EstimateVideo(clip).ToList(), estimator.EstimateVideo(clip, new TrackingOptions { Track = false }).ToList());
                Console.WriteLine($"{Path.GetFileName(clip),-26}{q.PerFrameFound,16}{q.TrackedFound,9}{q.MissedByTracker.Count,8}{q.StillFrames,14}" +
                                  $"{q.PerFrameStillSpeed * 100,17:F2}%{q.TrackedStillSpeed * 100,8:F2}%{q.FastFrames,13}{q.LagFrames,5}");
            }
    }

    internal static (int Frames, double Fps) Fps(PoseEstimator estimator, string clip, TrackingOptions tracking, int runs)
    {
        double best = 0;
        int frames = 0;
        for (int run = 0; run < runs; run++)
        {
            var watch = Stopwatch.StartNew();
            frames = estimator.EstimateVideo(clip, tracking).Count();
            best = Math.Max(best, frames / watch.Elapsed.TotalSeconds);
        }
        return (frames, best);
    }
}
