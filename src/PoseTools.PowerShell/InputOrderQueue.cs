namespace PoseTools.PowerShell;

/// <summary>
/// Work started in input order on the thread pool, at most <c>limit</c> at a time, and handed back in input order: a
/// pipeline keeps several images in flight while its output and error records keep the order of its input, and memory
/// stays bounded by the limit. Only the pipeline thread uses it (WriteObject must run there).
/// </summary>
internal sealed class InputOrderQueue<T>(int limit)
{
    private readonly Queue<(string Target, Task<T> Work)> _inFlight = new();

    public int Count => _inFlight.Count;

    /// <summary>Starts <paramref name="work"/> for <paramref name="target"/> (a file, for error records).</summary>
    public void Start(string target, Func<T> work) => _inFlight.Enqueue((target, Task.Run(work)));

    /// <summary>
    /// The finished items at the head, in input order; waits for the head while <c>limit</c> are in flight, or for all
    /// of them when <paramref name="all"/> (before a video, at the end). Cancelling stops the wait, not the work.
    /// </summary>
    public IEnumerable<(string Target, Task<T> Work)> Finished(bool all, CancellationToken cancellationToken)
    {
        while (_inFlight.Count > 0 && (all || _inFlight.Count >= limit || _inFlight.Peek().Work.IsCompleted))
        {
            var head = _inFlight.Peek();
            // Its completion (run to the end or failed), or Ctrl+C, whichever comes first.
            WaitHandle.WaitAny([((IAsyncResult)head.Work).AsyncWaitHandle, cancellationToken.WaitHandle]);
            cancellationToken.ThrowIfCancellationRequested();
            _inFlight.Dequeue();
            yield return head;
        }
    }
}
