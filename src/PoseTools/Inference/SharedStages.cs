namespace PoseTools.Inference;

/// <summary>
/// The detector and landmark stages of every pipeline in the process, shared when they load the same model file the
/// same way (threads, segmentation head). Estimators differ mostly in options that no session sees (how many people,
/// thresholds, decode limits), and each session holds its weights and working memory (heavy: ~65 MB):
/// the upload page, asked for each complexity and several people counts, would otherwise load a session per
/// combination. Counted: the last pipeline to let go disposes the stage. The key carries the file's size and time, so
/// reinstalled models load afresh.
/// </summary>
internal static class SharedStages
{
    private sealed record Key(string Kind, string Path, long Length, DateTime Written, int Threads, bool Segmentation);
    private sealed class Entry(Func<IDisposable> create)
    {
        public Lazy<IDisposable> Stage { get; } = new(create, LazyThreadSafetyMode.ExecutionAndPublication);
        public int Users { get; set; } = 1;
    }

    private static readonly Dictionary<Key, Entry> Entries = [];
    private static readonly Lock Gate = new();

    public static PoseDetector Detector(string path, int threads) =>
        Acquire(KeyOf("detector", path, threads, false), () => WarmedUp(new PoseDetector(path, threads), d => d.WarmUp()));

    public static PoseLandmarker Landmarker(string path, bool segmentation, int threads) =>
        Acquire(KeyOf("landmarks", path, threads, segmentation), () => WarmedUp(new PoseLandmarker(path, segmentation, threads), l => l.WarmUp()));

    // A session's first run costs several runs (detector 45–65 ms against 6, full model ~25 against 5) and the
    // samplers' first call their compilation (~17 ms): paid here, while the other stage loads, not on the first photo.
    private static T WarmedUp<T>(T stage, Action<T> warmUp) where T : IDisposable
    {
        try { warmUp(stage); }
        catch { stage.Dispose(); throw; }
        NativeHeap.ReturnFreePages(); // what only the load needed (about as much again as the session keeps)
        return stage;
    }

    /// <summary>One user lets go; the stage is disposed when it was the last.</summary>
    public static void Release(IDisposable stage)
    {
        lock (Gate)
        {
            var (key, entry) = Entries.FirstOrDefault(e => e.Value.Stage.IsValueCreated && ReferenceEquals(e.Value.Stage.Value, stage));
            if (entry is null) return;
            if (--entry.Users > 0) return;
            Entries.Remove(key);
        }
        stage.Dispose();
    }

    private static Key KeyOf(string kind, string path, int threads, bool segmentation)
    {
        var file = new FileInfo(path);
        return new Key(kind, file.FullName, file.Exists ? file.Length : -1, file.Exists ? file.LastWriteTimeUtc : default, threads, segmentation);
    }

    // Created outside the lock, once per key: two estimators asking at once load the session once (loading takes
    // 0.1–1 s), and a pipeline's detector and landmark model load side by side.
    private static T Acquire<T>(Key key, Func<T> create) where T : class, IDisposable
    {
        Entry? entry;
        lock (Gate)
        {
            if (Entries.TryGetValue(key, out entry)) entry.Users++;
            else
            {
                // An older version of the same file (the models were reinstalled) is forgotten, not disposed: pipelines
                // still holding it keep working, and its session is finalized once none does.
                foreach (var stale in Entries.Keys.Where(k => k == key with { Length = k.Length, Written = k.Written } && k != key).ToList()) Entries.Remove(stale);
                Entries[key] = entry = new Entry(create);
            }
        }
        try
        {
            return (T)entry.Stage.Value;
        }
        catch
        {
            // Every caller waiting on a failed load gets its exception; the last one forgets it, so a later call retries.
            lock (Gate)
                if (--entry.Users == 0 && Entries.TryGetValue(key, out var current) && current == entry) Entries.Remove(key);
            throw;
        }
    }
}
