using System.Diagnostics;
using System.Text.Json;
using PoseTools.Analysis;
using PoseTools.Imaging;
using PoseTools.Inference;
using PoseTools.Results;

namespace PoseTools.Web;

/// <summary>
/// The workout endpoint's work: a short video in, each person's exercise, repetitions with their faults, and holds out
/// (<see cref="WorkoutAnalysis"/>). It runs in the same bounded queue as photos, under the same limits — upload size,
/// pixels per frame (checked from the container before any frame is decoded) — and one of its own, the video's
/// length. The video is written to a temporary file only because the decoders read files; it is deleted at once.
/// </summary>
internal sealed class WorkoutService(PoseWebOptions options, InferenceQueue queue)
{
    private readonly ResultCache<byte[]> _answers = new(Math.Max(0, options.CacheEntries / 4));
    private long _computed, _cacheHits;

    /// <summary>Videos analysed, and answers given from the cache (for the health counters).</summary>
    public (long Computed, long CacheHits) Counts => (Interlocked.Read(ref _computed), Interlocked.Read(ref _cacheHits));

    /// <summary>The analysis as JSON (from the cache when the same video came with the same options); Cached says which.</summary>
    public async Task<(byte[] Json, bool Cached)> AnalyzeAsync(VideoUpload upload, CancellationToken cancellationToken)
    {
        if (_answers.TryGet(upload.Key, out var cached))
        {
            Interlocked.Increment(ref _cacheHits);
            return (cached, true);
        }
        var json = await queue.TryRunAsync(() => Analyze(upload, cancellationToken), cancellationToken)
                   ?? throw new ApiError(503, "busy", "The server is busy with other uploads; try again in a moment.") { RetryAfterSeconds = 2 };
        Interlocked.Increment(ref _computed);
        _answers.Set(upload.Key, json);
        return (json, false);
    }

    private byte[] Analyze(VideoUpload upload, CancellationToken cancellationToken)
    {
        string file = Path.Combine(Path.GetTempPath(), $"posetools-upload-{Guid.NewGuid():N}{upload.Container}");
        try
        {
            File.WriteAllBytes(file, upload.Bytes);
            var started = Stopwatch.StartNew();
            using var video = Open(file);
            var results = Estimate(video, upload, cancellationToken);
            var workouts = WorkoutAnalysis.Analyze(results, upload.Exercise);
            return JsonSerializer.SerializeToUtf8Bytes(Answer(upload, video, results, workouts, started.Elapsed.TotalMilliseconds), new JsonSerializerOptions { PropertyNamingPolicy = JsonNamingPolicy.CamelCase });
        }
        finally { File.Delete(file); }
    }

    private IFrameSource Open(string file)
    {
        IFrameSource video;
        try { video = VideoReader.Open(file); }
        catch (InvalidVideoException) { throw Unreadable(); }
        if (video.FrameSize is { } size && (long)size.Width * size.Height > options.MaxPixels)
        {
            video.Dispose();
            throw TooManyPixels(size.Width, size.Height);
        }
        if (video.FrameCount / video.FramesPerSecond > options.MaxVideoSeconds)
        {
            video.Dispose();
            throw TooLong();
        }
        return video;
    }

    private List<PoseResult> Estimate(IFrameSource video, VideoUpload upload, CancellationToken cancellationToken)
    {
        var estimator = PoseService.EstimatorFor(options, upload.Complexity, upload.MaxPoses);
        // A container may under-state its length: the frames are counted as they come too.
        long maxFrames = (long)Math.Ceiling(options.MaxVideoSeconds * video.FramesPerSecond);
        var results = new List<PoseResult>();
        try
        {
            foreach (var result in estimator.EstimateVideo(video, cancellationToken: cancellationToken))
            {
                if ((long)result.Width * result.Height > options.MaxPixels)
                    throw TooManyPixels(result.Width, result.Height);
                if (results.Count >= maxFrames) throw TooLong();
                results.Add(result);
            }
        }
        catch (InvalidVideoException) { throw Unreadable(); }
        if (results.Count == 0) throw Unreadable();
        return results;
    }

    private static object Answer(VideoUpload upload, IFrameSource video, List<PoseResult> results, IReadOnlyList<PersonWorkout> workouts, double milliseconds) => new
    {
        Source = "upload:" + upload.Hash[..16],
        results[0].Width,
        results[0].Height,
        Frames = results.Count,
        video.FramesPerSecond,
        ModelComplexity = upload.Complexity.ToString(),
        Milliseconds = Math.Round(milliseconds, 1),
        People = workouts.Select(w => new
        {
            w.PersonId,
            Exercise = w.Exercise.ToString(),
            w.Recognition?.Confidence,
            w.Recognition?.Evidence,
            Repetitions = w.Repetitions.Select(r => new
            {
                r.Index, r.StartFrame, r.EndFrame, StartSeconds = r.StartTime?.TotalSeconds, EndSeconds = r.EndTime?.TotalSeconds,
                ExtremeAngle = Math.Round(r.ExtremeAngle, 1), View = r.Form.View.ToString(), r.Faults, r.Feedback,
                Measured = r.Form.Faults.Select(f => new { f.Rule, Measured = Math.Round(f.Measured, 3), f.Threshold }),
                r.Form.Judged,
                NotJudged = r.Form.NotJudged.Select(n => new { n.Rule, n.Reason }),
            }),
            Holds = w.Holds.Select(h => new
            {
                h.StartFrame, h.EndFrame, Seconds = h.Duration?.TotalSeconds, h.Faults, h.Feedback,
            }),
        }),
    };

    private ApiError TooManyPixels(int width, int height) =>
        new(413, "too-many-pixels", $"The video's frames are {width} × {height}: more than {options.MaxPixels:N0} pixels.");

    private ApiError TooLong() => new(413, "video-too-long", $"The video is longer than {options.MaxVideoSeconds} s; send a shorter clip.");

    private static ApiError Unreadable() => new(422, "unreadable-video", "The video cannot be decoded: it is damaged, cut short, or in a codec the server cannot read.");
}
