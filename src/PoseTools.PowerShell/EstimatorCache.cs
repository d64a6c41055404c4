using System.Collections.Concurrent;
using PoseTools.Inference;

namespace PoseTools.PowerShell;

/// <summary>
/// Estimators live as long as the module: creating one loads two ONNX sessions (hundreds of milliseconds), so
/// repeated Get-Pose calls with the same options reuse it. Cleared when the module is removed.
/// </summary>
internal static class EstimatorCache
{
    private static readonly ConcurrentDictionary<PoseEstimatorOptions, Lazy<PoseEstimator>> Estimators = new();

    public static PoseEstimator Get(PoseEstimatorOptions options)
    {
        var lazy = Estimators.GetOrAdd(options, o => new Lazy<PoseEstimator>(() => new PoseEstimator(o)));
        try { return lazy.Value; }
        catch
        {
            Estimators.TryRemove(options, out _); // don't cache a failure (e.g. models not installed yet)
            throw;
        }
    }

    public static void Clear()
    {
        foreach (var lazy in Estimators.Values)
            if (lazy.IsValueCreated) lazy.Value.Dispose();
        Estimators.Clear();
    }
}
