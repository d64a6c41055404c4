using System.Collections.Concurrent;
using PoseTools.Inference;
using PoseTools.Models;
using PoseTools.Results;

namespace PoseTools.Tests;

/// <summary>Estimators shared by the tests (they are thread-safe), and cached results on the shared photos.</summary>
public static class TestEstimators
{
    private static PoseEstimatorPool Estimators => PoseEstimatorPool.Shared;
    private static readonly ConcurrentDictionary<(PoseEstimatorOptions, string), Lazy<PoseResult>> Results = new();

    public static PoseEstimator For(PoseEstimatorOptions options)
    {
        _ = TestEnvironment.Models; // installs the models first if needed
        return Estimators.Get(options);
    }

    public static PoseEstimator For(int complexity, int maxPoses = 1) =>
        For(new PoseEstimatorOptions { ModelComplexity = (ModelComplexity)complexity, MaxPoses = maxPoses });

    /// <summary>The estimator's result on a shared data file, computed once.</summary>
    public static PoseResult Result(PoseEstimatorOptions options, string file) =>
        Results.GetOrAdd((options, file), k => new Lazy<PoseResult>(() => For(k.Item1).Estimate(TestEnvironment.DataFile(k.Item2)))).Value;

    public static PoseResult Result(int complexity, string file, int maxPoses = 1) =>
        Result(new PoseEstimatorOptions { ModelComplexity = (ModelComplexity)complexity, MaxPoses = maxPoses }, file);

    /// <summary>The photos of ../shared/data (JPEG and PNG).</summary>
    public static IReadOnlyList<string> SharedImages() =>
        Directory.GetFiles(Path.Combine(TestEnvironment.SharedDirectory, "data"))
            .Where(f => f.EndsWith(".jpg", StringComparison.OrdinalIgnoreCase) || f.EndsWith(".png", StringComparison.OrdinalIgnoreCase))
            .Select(Path.GetFileName).Order(StringComparer.Ordinal).ToList()!;

    private static readonly ConcurrentDictionary<(string, bool), Lazy<IReadOnlyList<PoseResult>>> Videos = new();

    /// <summary>A shared clip run once with Full: tracked (video mode) or as independent photos.</summary>
    public static IReadOnlyList<PoseResult> Video(string clip, bool track = true) =>
        Videos.GetOrAdd((clip, track), k => new Lazy<IReadOnlyList<PoseResult>>(() =>
            For(1).EstimateVideo(TestEnvironment.DataFile(k.Item1), new TrackingOptions { Track = k.Item2 }).ToList())).Value;
}
