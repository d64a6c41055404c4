using System.Runtime.InteropServices;

namespace PoseTools;

/// <summary>
/// Keeps large image buffers in the C heap between photos. glibc serves allocations above its mmap threshold (at
/// most 32 MB: a 12 MP BGR image is 36 MB) with fresh memory mappings, unmapped again on free, so every phone photo
/// page-faults its whole buffer in anew: 90–130 ms per 12–16 MP decode on this project's 2-core machine, where a page
/// fault is slow, against 25–32 ms with the buffer reused. Raising the thresholds once per process keeps freed buffers
/// for the next photo; the memory kept is bounded by the largest photos in flight at once. What loading a model freed
/// is handed back once it has loaded (<see cref="ReturnFreePages"/>).
/// </summary>
internal static partial class NativeHeap
{
    private const int MmapThreshold = -3, TrimThreshold = -1; // mallopt parameters (malloc.h)
    private const int LargeBuffer = 512 * 1024 * 1024;
    private static int _tuned;

    /// <summary>Once per process, on Linux with glibc: large allocations from the heap, and the heap not trimmed under them.</summary>
    public static void KeepLargeBuffers()
    {
        if (!OperatingSystem.IsLinux() || Interlocked.Exchange(ref _tuned, 1) == 1) return;
        try
        {
            MallOpt(MmapThreshold, LargeBuffer);
            MallOpt(TrimThreshold, LargeBuffer);
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            // Not glibc (e.g. musl): its allocator has its own policy; nothing to tune.
        }
    }

    /// <summary>
    /// Hands the heap's free pages back to the system (glibc's malloc_trim). Loading a session frees what only the load
    /// needed — the model's bytes, its graph before optimisation, weights before their reordering — and with the
    /// thresholds above glibc would keep all of it: about as much again as the session itself.
    /// </summary>
    public static void ReturnFreePages()
    {
        if (!OperatingSystem.IsLinux()) return;
        try
        {
            MallocTrim(0);
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            // Not glibc: nothing to hand back this way.
        }
    }

    [LibraryImport("libc", EntryPoint = "malloc_trim")]
    private static partial int MallocTrim(nuint pad);

    [LibraryImport("libc", EntryPoint = "mallopt")]
    private static partial int MallOpt(int parameter, int value);
}
