namespace PoseTools;

/// <summary>
/// Work started in input order on the thread pool and handed back in input order: a pipeline keeps several images in
/// flight while its output and error records keep the order of its input. At most <c>limit</c> items run at a time;
/// finished ones wait for the earlier ones' turn, up to four times the limit in all, so one slow item at the head (a
/// 16 MP photo among small ones) does not leave the other cores idle, and memory stays bounded. Only one thread (the
/// pipeline's, where WriteObject must run) starts and collects work.
/// </summary>
public sealed class InputOrderQueue<T>
{
    private readonly int _limit;
    private readonly int _capacity;
    private readonly Queue<(string Target, Task<T> Work)> _queue = new();

    /// <param name="limit">Items running at the same time (-ThrottleLimit).</param>
    public InputOrderQueue(int limit)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        _limit = limit;
        _capacity = 4 * limit;
    }

    /// <summary>Items started and not yet handed back.</summary>
    public int Count => _queue.Count;

    /// <summary>Starts <paramref name="work"/> for <paramref name="target"/> (a file, for error records).</summary>
    public void Start(string target, Func<T> work) => _queue.Enqueue((target, Task.Run(work)));

    /// <summary>
    /// The finished items at the head, in input order. Waits while <c>limit</c> items run (until one ends) or the
    /// queue is full (for the head), and, when <paramref name="all"/> (before a video, at the end), for everything.
    /// Cancelling stops the wait, not the work.
    /// </summary>
    public IEnumerable<(string Target, Task<T> Work)> Finished(bool all, CancellationToken cancellationToken)
    {
        while (_queue.Count > 0)
        {
            if (_queue.Peek().Work.IsCompleted)
            {
                yield return _queue.Dequeue();
                continue;
            }
            // Until the awaited work ends (run to the end or failed) or Ctrl+C, whichever comes first (which throws).
            if (all || _queue.Count >= _capacity)
            {
                Task.WaitAny([_queue.Peek().Work], cancellationToken);
                continue;
            }
            Task[] running = [.. _queue.Select(q => q.Work).Where(w => !w.IsCompleted)];
            if (running.Length < _limit) yield break;
            Task.WaitAny(running, cancellationToken);
        }
    }
}
