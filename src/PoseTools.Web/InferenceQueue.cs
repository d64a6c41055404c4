namespace PoseTools.Web;

/// <summary>
/// Bounds the work: at most <c>concurrent</c> inferences run, at most <c>queued</c> requests wait for a turn, and any
/// request beyond that is turned away at once (the caller answers 503) rather than piling up.
/// </summary>
public sealed class InferenceQueue(int concurrent, int queued)
{
    private readonly SemaphoreSlim _slots = new(concurrent, concurrent);
    private int _admitted, _rejected;

    public int Running => concurrent - _slots.CurrentCount;
    public int Waiting => Math.Max(0, Volatile.Read(ref _admitted) - Running);
    public int Rejected => Volatile.Read(ref _rejected);

    /// <summary>Runs the work on the thread pool when a slot is free; null when the queue is full.</summary>
    public async Task<T?> TryRunAsync<T>(Func<T> work, CancellationToken cancellationToken) where T : class
    {
        if (Interlocked.Increment(ref _admitted) > concurrent + queued)
        {
            Interlocked.Decrement(ref _admitted);
            Interlocked.Increment(ref _rejected);
            return null;
        }
        try
        {
            await _slots.WaitAsync(cancellationToken);
            try { return await Task.Run(work, cancellationToken); }
            finally { _slots.Release(); }
        }
        finally { Interlocked.Decrement(ref _admitted); }
    }
}
