namespace PoseTools;

/// <summary>
/// A file written so that readers see either the old file or the whole new one, never a part: the content goes to a
/// temporary file beside the target (same folder, so the final rename never crosses file systems; same extension, so
/// writers that choose a format by it — OpenCV's — still can) and is renamed over the target by <see cref="Commit"/>.
/// Disposing without committing — an error, a stopped pipeline — deletes the temporary file: nothing is left behind.
/// Every file PoseTools writes (exports, overlays, annotated videos, models) goes through here.
/// </summary>
public sealed class AtomicFile : IDisposable
{
    private FileStream? _stream;
    private int _state; // 0 open, 1 committed, 2 disposed

    private AtomicFile(string path)
    {
        Path = System.IO.Path.GetFullPath(path);
        if (Directory.Exists(Path)) throw new IOException($"'{Path}' is a folder, not a file.");
        string folder = System.IO.Path.GetDirectoryName(Path)!;
        TempPath = System.IO.Path.Combine(folder,
            $".{System.IO.Path.GetFileNameWithoutExtension(Path)}.{Guid.NewGuid():N}.partial{System.IO.Path.GetExtension(Path)}");
    }

    /// <summary>Starts writing <paramref name="path"/> (its folder must exist). Nothing appears there until <see cref="Commit"/>.</summary>
    public static AtomicFile Create(string path) => new(path);

    /// <summary>The target file.</summary>
    public string Path { get; }

    /// <summary>Where the content is written until it is committed (for writers that open files by name).</summary>
    public string TempPath { get; }

    /// <summary>The temporary file as a stream (created on first use; closed by <see cref="Commit"/> or <see cref="Dispose"/>).</summary>
    public Stream Stream => _stream ??= new FileStream(TempPath, FileMode.CreateNew, FileAccess.Write, FileShare.None);

    /// <summary>Flushes the content to disk and renames it over the target.</summary>
    public void Commit()
    {
        if (Interlocked.CompareExchange(ref _state, 1, 0) != 0) throw new ObjectDisposedException(nameof(AtomicFile), "already committed or discarded");
        try
        {
            if (_stream is { } stream)
            {
                stream.Flush(flushToDisk: true);
                stream.Dispose();
            }
            File.Move(TempPath, Path, overwrite: true);
        }
        finally
        {
            Discard();
        }
    }

    /// <summary>Discards an uncommitted file (deletes the temporary file); harmless after <see cref="Commit"/>.</summary>
    public void Dispose()
    {
        Interlocked.CompareExchange(ref _state, 2, 0);
        Discard();
    }

    private void Discard()
    {
        _stream?.Dispose();
        try { File.Delete(TempPath); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { } // a folder we may not write: nothing was created
    }

    /// <summary>Writes <paramref name="bytes"/> to <paramref name="path"/> atomically.</summary>
    public static void Write(string path, ReadOnlySpan<byte> bytes)
    {
        using var file = Create(path);
        file.Stream.Write(bytes);
        file.Commit();
    }

    /// <summary>Writes <paramref name="text"/> as UTF-8 to <paramref name="path"/> atomically.</summary>
    public static void WriteText(string path, string text) => Write(path, System.Text.Encoding.UTF8.GetBytes(text));
}
