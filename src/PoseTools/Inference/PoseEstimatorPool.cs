using System.Collections.Concurrent;

namespace PoseTools.Inference;

/// <summary>
/// One estimator per distinct options, created on first use and then shared (estimators are thread-safe, and each
/// loads its ONNX sessions once, hundreds of milliseconds). A failed creation (models not installed yet) is not kept.
/// <see cref="Shared"/> is the process's pool: the PowerShell module, the upload page and notebooks all take their
/// estimators from it, so one <see cref="Evict"/> (the models were reinstalled) reaches every one of them.
/// </summary>
public sealed class PoseEstimatorPool : IDisposable
{
    /// <summary>The pool of this process. It lives as long as the process (estimators in use are never disposed under a caller).</summary>
    public static PoseEstimatorPool Shared { get; } = new();

    private readonly ConcurrentDictionary<PoseEstimatorOptions, Lazy<PoseEstimator>> _estimators = new();

    /// <summary>The estimator for these options, created on first use.</summary>
    public PoseEstimator Get(PoseEstimatorOptions options)
    {
        var lazy = _estimators.GetOrAdd(options, o => new Lazy<PoseEstimator>(() => new PoseEstimator(o)));
        try { return lazy.Value; }
        catch
        {
            _estimators.TryRemove(new KeyValuePair<PoseEstimatorOptions, Lazy<PoseEstimator>>(options, lazy));
            throw;
        }
    }

    /// <summary>
    /// Forgets every estimator without disposing it (e.g. the models were reinstalled): callers still holding one
    /// keep working; its sessions are released by the finalizers once nobody holds it.
    /// </summary>
    public void Evict() => _estimators.Clear();

    /// <summary>Disposes every estimator created; only when no caller uses them any more.</summary>
    public void Dispose()
    {
        foreach (var lazy in _estimators.Values.Where(l => l.IsValueCreated)) lazy.Value.Dispose();
        _estimators.Clear();
    }
}
