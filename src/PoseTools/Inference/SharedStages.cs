namespace PoseTools.Inference;

/// <summary>
/// The detector and landmark stages of every pipeline in the process, shared when they load the same model file the
/// same way (threads, segmentation head). Estimators differ mostly in options that no session sees (how many people,
/// thresholds, decode limits), and each session holds its weights two to three times over in memory (heavy: ~150 MB):
/// the upload page, asked for each complexity and several people counts, would otherwise load a session per
/// combination. Counted: the last pipeline to let go disposes the stage. The key carries the file's size and time, so
/// reinstalled models load afresh.
/// </summary>
internal static class SharedStages
{
    private sealed record Key(string Kind, string Path, long Length, DateTime Written, int Threads, bool Segmentation);
    private sealed class Entry(IDisposable stage)
    {
        public IDisposable Stage { get; } = stage;
        public int Users { get; set; } = 1;
    }

    private static readonly Dictionary<Key, Entry> Entries = [];
    private static readonly Lock Gate = new();

    public static PoseDetector Detector(string path, int threads) =>
        Acquire(KeyOf("detector", path, threads, false), () => new PoseDetector(path, threads));

    public static PoseLandmarker Landmarker(string path, bool segmentation, int threads) =>
        Acquire(KeyOf("landmarks", path, threads, segmentation), () => new PoseLandmarker(path, segmentation, threads));

    /// <summary>One user lets go; the stage is disposed when it was the last.</summary>
    public static void Release(IDisposable stage)
    {
        lock (Gate)
        {
            var (key, entry) = Entries.FirstOrDefault(e => ReferenceEquals(e.Value.Stage, stage));
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

    // Created under the lock: two estimators asking at once load the session once (loading takes 0.1–1 s).
    private static T Acquire<T>(Key key, Func<T> create) where T : class, IDisposable
    {
        lock (Gate)
        {
            if (Entries.TryGetValue(key, out var entry))
            {
                entry.Users++;
                return (T)entry.Stage;
            }
            // An older version of the same file (the models were reinstalled) is forgotten, not disposed: pipelines
            // still holding it keep working, and its session is finalized once none does.
            foreach (var stale in Entries.Keys.Where(k => k == key with { Length = k.Length, Written = k.Written } && k != key).ToList()) Entries.Remove(stale);
            var stage = create();
            Entries[key] = new Entry(stage);
            return stage;
        }
    }
}
