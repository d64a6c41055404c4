using PoseTools.Inference;

namespace PoseTools.PowerShell;

/// <summary>
/// Estimators live as long as the module, so repeated Get-Pose calls with the same options reuse them. The pool is
/// per process, shared by every runspace that imported the module (they may run in parallel), so it is disposed only
/// when the last of them removes the module.
/// </summary>
internal static class EstimatorCache
{
    private static PoseEstimatorPool _pool = new();
    private static int _imports;

    /// <summary>The module was imported into one more runspace.</summary>
    public static void AddUser() => Interlocked.Increment(ref _imports);

    /// <summary>One runspace removed the module; the last one frees the estimators.</summary>
    public static void RemoveUser()
    {
        if (Interlocked.Decrement(ref _imports) > 0) return;
        Interlocked.Exchange(ref _imports, 0);
        Interlocked.Exchange(ref _pool, new PoseEstimatorPool()).Dispose();
    }

    public static PoseEstimator Get(PoseEstimatorOptions options) => _pool.Get(options);

    /// <summary>Forgets every estimator without disposing it (models were reinstalled; other runspaces may be using them).</summary>
    public static void Evict() => _pool.Evict();
}
