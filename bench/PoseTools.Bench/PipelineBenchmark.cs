using System.Diagnostics;
using PoseTools.Inference;
using PoseTools.Models;
using PoseTools.Results;

namespace PoseTools.Bench;

/// <summary>
/// The whole pipeline on a folder of photos (decode included): per-image latency (median, p95) and per-stage
/// medians per complexity at 1 and 2 threads, peak memory, and throughput with every core busy.
/// </summary>
public static class PipelineBenchmark
{
    // ../shared/reference/README.md: the official runtime, one thread: detector 16.0 ms + full 39.7 ms.
    private const double OfficialDetectorPlusFullMs = 16.0 + 39.7;

    public static void Run(BenchOptions options)
    {
        string folder = options.Images ?? Path.Combine(FindRepoRoot(), "..", "shared", "data");
        var files = Photos(folder);
        var store = new ModelStore(options.Models);
        if (!store.IsInstalled()) store.Install();
        Console.WriteLine($"{files.Count} images from {Path.GetFullPath(folder)}, {options.Runs} timed passes each");
        Console.WriteLine();
        Console.WriteLine($"{"complexity",-11}{"threads",8}{"median ms",11}{"p95",8}{"decode",8}{"detect",8}{"crop",7}{"landmark",10}{"assemble",9}{"vs official",13}");
        double fullLatency = 0;
        foreach (var complexity in new[] { ModelComplexity.Lite, ModelComplexity.Full, ModelComplexity.Heavy })
            foreach (int threads in new[] { 1, 0 })
            {
                using var estimator = new PoseEstimator(new PoseEstimatorOptions { ModelComplexity = complexity, Threads = threads, ModelDirectory = options.Models });
                foreach (var f in files) estimator.Estimate(f); // warm-up
                var timings = new List<PoseTimings>();
                for (int run = 0; run < options.Runs; run++)
                    foreach (var f in files) timings.Add(estimator.Estimate(f).Timings);
                var total = timings.Select(t => t.Total).ToList();
                double median = Stats.Median(total);
                if (complexity == ModelComplexity.Full && threads == 0) fullLatency = median;
                string label = threads == 0 ? $"{Environment.ProcessorCount} (pool)" : "1";
                Console.WriteLine($"{complexity,-11}{label,8}{median,11:F1}{Stats.Percentile(total, 95),8:F1}" +
                                  $"{Stats.Median(timings.Select(t => t.Decode).ToList()),8:F1}{Stats.Median(timings.Select(t => t.Detect).ToList()),8:F1}" +
                                  $"{Stats.Median(timings.Select(t => t.Crop).ToList()),7:F1}{Stats.Median(timings.Select(t => t.Landmark).ToList()),10:F1}" +
                                  $"{Stats.Median(timings.Select(t => t.Assemble).ToList()),9:F1}" +
                                  (complexity == ModelComplexity.Full ? $"{OfficialDetectorPlusFullMs / median,12:F1}×" : ""));
            }

        Console.WriteLine();
        var throughput = Throughput(files, options);
        Console.WriteLine($"throughput, Full, {Environment.ProcessorCount} images in parallel (1 thread each): {throughput:F1} images/s = {1000 / throughput:F1} ms per image " +
                          $"({OfficialDetectorPlusFullMs / (1000 / throughput):F1}× the official detector + full inference alone, {OfficialDetectorPlusFullMs:F1} ms)");
        Console.WriteLine($"latency, Full, one image at a time: {fullLatency:F1} ms ({OfficialDetectorPlusFullMs / fullLatency:F1}× the official {OfficialDetectorPlusFullMs:F1} ms)");
        Console.WriteLine($"peak working set: {Process.GetCurrentProcess().PeakWorkingSet64 / (1024 * 1024)} MiB");
    }

    internal static double Throughput(List<string> files, BenchOptions options)
    {
        using var estimator = new PoseEstimator(new PoseEstimatorOptions { Threads = 1, ModelDirectory = options.Models });
        var work = Enumerable.Repeat(files, Math.Max(3, options.Runs)).SelectMany(f => f).ToList();
        Parallel.ForEach(files, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount }, f => estimator.Estimate(f));
        var watch = Stopwatch.StartNew();
        Parallel.ForEach(work, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount }, f => estimator.Estimate(f));
        return work.Count / watch.Elapsed.TotalSeconds;
    }

    /// <summary>The JPEG and PNG photos of a folder, in name order.</summary>
    public static List<string> Photos(string folder) =>
        Directory.GetFiles(folder).Where(f => f.EndsWith(".jpg", StringComparison.OrdinalIgnoreCase) || f.EndsWith(".png", StringComparison.OrdinalIgnoreCase)).Order().ToList();

    public static string FindRepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "PoseTools.sln"))) return dir.FullName;
        return Directory.GetCurrentDirectory();
    }
}
