using PoseTools.Geometry;
using PoseTools.Imaging;
using PoseTools.Inference;
using PoseTools.Models;
using PoseTools.Web;

namespace PoseTools.Tests.Units;

/// <summary>Small stages and services on their own, with inputs made for them.</summary>
public sealed class StageUnitTests
{
    [Fact]
    public void TheEstimatorPoolSharesByOptionsAndEvictionMakesNewOnes()
    {
        using var pool = new PoseEstimatorPool();
        _ = TestEnvironment.Models;
        var lite = new PoseEstimatorOptions { ModelComplexity = ModelComplexity.Lite };
        var first = pool.Get(lite);
        Assert.Same(first, pool.Get(lite with { }));                     // equal options: the same estimator
        Assert.NotSame(first, pool.Get(lite with { MaxPoses = 2 }));
        pool.Evict();
        var fresh = pool.Get(lite);
        Assert.NotSame(first, fresh);                                     // reopened on the (re)installed files
        Assert.Single(first.Estimate(TestEnvironment.DataFile("messi5.jpg")).Poses); // an evicted one still works for its holder
        Assert.Throws<ModelNotInstalledException>(() => pool.Get(lite with { ModelDirectory = TestEnvironment.NewTempDirectory("posetools-none") }));
        Assert.Same(fresh, pool.Get(lite));                               // a failed creation is not kept
    }

    [Fact]
    public void TheResultCacheKeepsTheMostRecentlyUsed()
    {
        var cache = new ResultCache<string>(2);
        cache.Set("a", "A");
        cache.Set("b", "B");
        Assert.True(cache.TryGet("a", out _));                            // a is now the most recent
        cache.Set("c", "C");                                              // b, the least recent, goes
        Assert.False(cache.TryGet("b", out _));
        Assert.True(cache.TryGet("a", out var a) && a == "A");
        Assert.True(cache.TryGet("c", out var c) && c == "C");
        Assert.Equal(2, cache.Count);
        var off = new ResultCache<string>(0);
        off.Set("a", "A");
        Assert.False(off.TryGet("a", out _));
    }

    [Fact]
    public async Task TheInferenceQueueRunsABoundedNumberAndTurnsTheRestAway()
    {
        var queue = new InferenceQueue(concurrent: 1, queued: 1);
        using var release = new ManualResetEventSlim();
        var running = queue.TryRunAsync(() => { release.Wait(); return "first"; }, CancellationToken.None);
        while (queue.Running == 0) await Task.Delay(10);
        var waiting = queue.TryRunAsync(() => "second", CancellationToken.None);
        Assert.Null(await queue.TryRunAsync(() => "third", CancellationToken.None)); // 1 running + 1 waiting: full
        Assert.Equal((1, 1, 1), (queue.Running, queue.Waiting, queue.Rejected));
        release.Set();
        Assert.Equal("first", await running);
        Assert.Equal("second", await waiting);
        Assert.Equal((0, 0), (queue.Running, queue.Waiting));
    }

    [Fact]
    public void SegmentationSmoothingLeansOnThePreviousMaskOnlyWhereTheNewOneIsUnsure()
    {
        float[] current = [0f, 0.5f, 1f, 0.9f], previous = [1f, 1f, 0f, 0f];
        SegmentationSmoothing.Blend(current, previous);
        Assert.Equal(0f, current[0], 3);                                  // certain (0): kept
        Assert.Equal(0.5f + 0.5f * SegmentationSmoothing.CombineWithPreviousRatio, current[1], 3); // unsure (0.5): moves by the ratio
        Assert.Equal(1f, current[2], 3);                                  // certain (1): kept
        Assert.InRange(current[3], 0.5f, 0.9f);                           // fairly sure: moves a little
    }

    [Fact]
    public void TilesCoverTheImageWithOverlapAndDetectionsOfOnePersonMerge()
    {
        var tiles = TiledDetection.Tiles(1000, 600, 2);
        Assert.Equal(4, tiles.Count);
        Assert.All(tiles, t => Assert.Equal(0, t.Rotation));
        Assert.Equal(0, tiles.Min(t => t.CenterX - t.Width / 2), 3);
        Assert.Equal(1000, tiles.Max(t => t.CenterX + t.Width / 2), 3);
        Assert.Equal(600, tiles.Max(t => t.CenterY + t.Height / 2), 3);
        float overlap = tiles[0].CenterX + tiles[0].Width / 2 - (tiles[1].CenterX - tiles[1].Width / 2);
        Assert.Equal(TiledDetection.TileOverlap * tiles[0].Width, overlap, 2);
        Assert.Empty(TiledDetection.Tiles(1000, 600, 1));

        static Detection Person(float score, float x, float y) => new(score, new NormalizedBox(x, y - 0.2f, 0.05f, 0.05f), [new(x, y), new(x, y - 0.2f)]);
        var merged = TiledDetection.MergeSamePerson([Person(0.7f, 0.30f, 0.5f), Person(0.9f, 0.31f, 0.5f), Person(0.8f, 0.70f, 0.5f)], 1000, 600);
        Assert.Equal([0.9f, 0.8f], merged.Select(d => d.Score));          // the two near 0.3 are one person; the best stays
    }
}

/// <summary>Video decoding runs ahead of the inference on a thread of its own; stopping early must stop it too.</summary>
public sealed class DecodeAheadTests
{
    [Fact]
    public void StoppingEarlyStopsTheDecoderAndTheResultsMatchFrameByFrameDecoding()
    {
        var estimator = TestEstimators.For(0);
        string clip = TestEnvironment.DataFile("pushup_incorrect_001.mp4");
        var first = estimator.EstimateVideo(clip).Take(5).ToList();            // leaves 285 frames undecoded
        Assert.Equal([0L, 1, 2, 3, 4], first.Select(r => r.FrameIndex!.Value));
        // The same frames through the inline path (an image sequence of the decoded frames) give the same landmarks.
        var dir = TestEnvironment.NewTempDirectory("posetools-ahead");
        using (var source = PoseTools.Imaging.VideoReader.Open(clip))
            foreach (var frame in source.Frames().Take(5))
                OpenCvSharp.Cv2.ImWrite(Path.Combine(dir, $"f{frame.Index:D2}.png"), frame.Image);
        using var sequence = PoseTools.Imaging.VideoReader.Sequence("frames", Directory.GetFiles(dir).Order().ToList(), 29.97);
        var inline = estimator.EstimateVideo(sequence).ToList();
        Assert.Equal(first.Select(r => r.Poses[0].Landmarks.Nose.X), inline.Select(r => r.Poses[0].Landmarks.Nose.X));
    }
}
