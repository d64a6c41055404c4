// These tests ask whether a call blocks, so they wait on it with a timeout; await would only hide the question.
#pragma warning disable xUnit1031

namespace PoseTools.Tests.Units;

/// <summary>
/// The queue behind Get-Pose's and Export-PoseSkeleton's -ThrottleLimit. The work is held on gates the test opens, so
/// every case is decided by what has finished, not by how fast anything runs.
/// </summary>
public sealed class InputOrderQueueTests
{
    private static readonly TimeSpan Ages = TimeSpan.FromSeconds(30);

    [Fact]
    public void ResultsComeBackInInputOrderWhateverOrderTheyFinishIn()
    {
        var queue = new InputOrderQueue<int>(4);
        var gates = Enumerable.Range(0, 4).Select(_ => new ManualResetEventSlim()).ToArray();
        for (int i = 0; i < 4; i++)
        {
            int item = i;
            queue.Start($"item{item}", () => { gates[item].Wait(); return item; });
        }
        for (int i = 3; i >= 0; i--) gates[i].Set(); // the last first

        var back = queue.Finished(all: true, CancellationToken.None).ToList();

        Assert.Equal(["item0", "item1", "item2", "item3"], back.Select(b => b.Target));
        Assert.Equal([0, 1, 2, 3], back.Select(b => b.Work.Result));
    }

    [Fact]
    public void ASlowItemAtTheHeadDoesNotHoldBackTheNextOnes()
    {
        var queue = new InputOrderQueue<int>(2);
        using var head = new ManualResetEventSlim();
        try
        {
            queue.Start("slow", () => { head.Wait(); return 0; });
            queue.Start("quick", () => 1);

            // Two were running; once the quick one ends a slot is free, so the caller may start the next one even
            // though the head is not done (waiting for the head would leave a core idle).
            var returned = Task.Run(() => queue.Finished(all: false, CancellationToken.None).ToList());
            Assert.True(returned.Wait(Ages), "Finished waited for the slow head although only one item was running");
            Assert.Empty(returned.Result); // the quick one waits for its turn
            Assert.Equal(2, queue.Count);
        }
        finally { head.Set(); }

        Assert.Equal(["slow", "quick"], queue.Finished(all: true, CancellationToken.None).Select(b => b.Target));
    }

    [Fact]
    public void FinishedItemsWaitingForTheHeadAreBounded()
    {
        const int Limit = 2;
        var queue = new InputOrderQueue<int>(Limit);
        using var head = new ManualResetEventSlim();
        try
        {
            queue.Start("slow", () => { head.Wait(); return 0; });
            for (int i = 1; i < 4 * Limit; i++)
            {
                queue.Start($"item{i}", () => 1);
                if (queue.Count == 4 * Limit) break;
                // Returns as soon as fewer than Limit run; yields nothing while the slow head holds the line.
                Assert.True(Task.Run(() => queue.Finished(all: false, CancellationToken.None).ToList()).Wait(Ages));
            }
            Assert.Equal(4 * Limit, queue.Count);

            // Full: now the caller must wait for the head before starting more.
            var returned = Task.Run(() => queue.Finished(all: false, CancellationToken.None).ToList());
            Assert.False(returned.Wait(TimeSpan.FromMilliseconds(300)), "a full queue let the caller go on while the head was still running");
            head.Set();
            Assert.True(returned.Wait(Ages));
            Assert.Equal(["slow", .. Enumerable.Range(1, 4 * Limit - 1).Select(i => $"item{i}")], returned.Result.Select(b => b.Target));
        }
        finally { head.Set(); }
    }

    [Fact]
    public void CancellingStopsTheWaitButNotTheWork()
    {
        var queue = new InputOrderQueue<int>(1);
        using var gate = new ManualResetEventSlim();
        using var stop = new CancellationTokenSource();
        queue.Start("item", () => { gate.Wait(); return 7; });

        var waiting = Task.Run(() => queue.Finished(all: true, stop.Token).ToList());
        stop.Cancel();
        var error = Assert.Throws<AggregateException>(() => waiting.Wait(Ages));
        Assert.IsAssignableFrom<OperationCanceledException>(error.InnerException);

        gate.Set();
        Assert.Equal(7, queue.Finished(all: true, CancellationToken.None).Single().Work.Result);
    }
}
