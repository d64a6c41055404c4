using System.Diagnostics;
using System.Runtime.InteropServices;

namespace PoseTools.Tests.Units;

/// <summary>Tests that read the whole process's resident memory: run alone, so no other test allocates meanwhile.</summary>
[CollectionDefinition(nameof(ProcessMemory), DisableParallelization = true)]
public sealed class ProcessMemory;

[Collection(nameof(ProcessMemory))]
public sealed class NativeHeapTests
{
    [Fact]
    public unsafe void FreedHeapMemoryGoesBackToTheSystem()
    {
        if (!OperatingSystem.IsLinux()) return; // glibc's policy; other systems' allocators have their own
        NativeHeap.KeepLargeBuffers(); // as every estimator does: glibc then keeps freed memory

        // What loading a session leaves behind: many blocks of a few MB, used once and freed, below memory still in use.
        const int Blocks = 97, Size = 1 << 20;
        var blocks = new List<nint>();
        for (int i = 0; i < Blocks; i++)
        {
            var block = NativeMemory.Alloc(Size);
            new Span<byte>(block, Size).Fill(1);
            blocks.Add((nint)block);
        }
        foreach (var block in blocks[..^1]) NativeMemory.Free((void*)block);

        long kept = Resident();
        NativeHeap.ReturnFreePages();
        long returned = kept - Resident();
        NativeMemory.Free((void*)blocks[^1]);

        Assert.True(returned >= (Blocks - 1) * Size / 2, $"only {returned / (1 << 20)} MiB of the {Blocks - 1} MiB freed went back");
    }

    private static long Resident()
    {
        using var process = Process.GetCurrentProcess();
        return process.WorkingSet64;
    }
}
