using System.Collections.Concurrent;
using PoseTools.Inference;

namespace PoseTools.PowerShell;

/// <summary>
/// Estimators live as long as the module: creating one loads two ONNX sessions (hundreds of milliseconds), so
/// repeated Get-Pose calls with the same options reuse it. The cache is per process, shared by every runspace that
/// imported the module (they may run in parallel), so it is cleared only when the last of them removes the module.
/// </summary>
internal static class EstimatorCache
{
    private static readonly ConcurrentDictionary<PoseEstimatorOptions, Lazy<PoseEstimator>> Estimators = new();
    private static int _imports;

    /// <summary>The module was imported into one more runspace.</summary>
    public static void AddUser() => Interlocked.Increment(ref _imports);

    /// <summary>One runspace removed the module; the last one frees the estimators.</summary>
    public static void RemoveUser()
    {
        if (Interlocked.Decrement(ref _imports) <= 0)
        {
            Interlocked.Exchange(ref _imports, 0);
            Clear();
        }
    }

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

    /// <summary>
    /// Forgets every estimator without disposing it (models were reinstalled): pipelines still running in other
    /// runspaces keep theirs; the sessions are released when the last user lets go of them.
    /// </summary>
    public static void Evict() => Estimators.Clear();

    private static void Clear()
    {
        foreach (var lazy in Estimators.Values)
            if (lazy.IsValueCreated) lazy.Value.Dispose();
        Estimators.Clear();
    }
}
