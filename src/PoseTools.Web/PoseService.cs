using OpenCvSharp;
using PoseTools.Export;
using PoseTools.Imaging;
using PoseTools.Inference;
using PoseTools.Results;

namespace PoseTools.Web;

/// <summary>Counters the health endpoint reports.</summary>
public sealed record PoseApiStatistics(long Requests, long Computed, long CacheHits, long Rejected, int Running, int Waiting, int CachedResults);

/// <summary>
/// The work behind the API: everything heavy — taking an estimator (on first use it loads two models), decoding,
/// inference, drawing — runs inside the bounded <see cref="InferenceQueue"/>; results and overlays are cached by
/// content hash; with an output folder, uploads and results are saved under generated names.
/// </summary>
internal sealed class PoseService(PoseWebOptions options, InferenceQueue queue)
{
    private readonly InferenceQueue _queue = queue;
    private readonly ResultCache<PoseResult> _results = new(options.CacheEntries);
    private readonly ResultCache<byte[]> _overlays = new(Math.Max(0, options.CacheEntries / 4));
    private long _requests, _computed, _cacheHits;

    public PoseApiStatistics Statistics => new(Interlocked.Read(ref _requests), Interlocked.Read(ref _computed), Interlocked.Read(ref _cacheHits),
        _queue.Rejected, _queue.Running, _queue.Waiting, _results.Count);

    public void CountRequest() => Interlocked.Increment(ref _requests);

    /// <summary>The result for an upload (from the cache when the same image came with the same options); Cached says which.</summary>
    public async Task<(PoseResult Result, bool Cached)> EstimateAsync(Upload upload, CancellationToken cancellationToken)
    {
        if (_results.TryGet(upload.Key, out var cached))
        {
            Interlocked.Increment(ref _cacheHits);
            return (cached, true);
        }
        var result = await _queue.TryRunAsync(() => Estimate(upload), cancellationToken) ?? throw Busy();
        return (result, false);
    }

    /// <summary>
    /// The overlay: the result as /api/pose gives it (the same cache entry, estimated from the bytes), drawn on the
    /// photo decoded in full, in the format <see cref="ImageFormats.ForOverlayOf"/> gives the upload's (phones send JPEGs).
    /// </summary>
    public async Task<(byte[] Image, bool Cached)> OverlayAsync(Upload upload, CancellationToken cancellationToken)
    {
        if (_overlays.TryGet(upload.Key, out var encoded)) return (encoded, true);
        bool cached = _results.TryGet(upload.Key, out var known);
        if (cached) Interlocked.Increment(ref _cacheHits);
        encoded = await _queue.TryRunAsync(() =>
        {
            var result = known ?? Estimate(upload);
            using var image = Decode(upload);
            SkeletonRenderer.Draw(image, result.Poses);
            return SkeletonRenderer.Encode(image, "overlay" + ImageFormats.ForOverlayOf(upload.Format).Extensions[0]);
        }, cancellationToken) ?? throw Busy();
        _overlays.Set(upload.Key, encoded);
        return (encoded, cached);
    }

    /// <summary>Estimates (on the thread the queue gave), caches and saves.</summary>
    private PoseResult Estimate(Upload upload)
    {
        var estimator = Estimator(upload);
        string source = "upload:" + upload.Hash[..16];
        PoseResult result;
        // From the bytes, so that with --reduced-decoding a phone's large JPEG is decoded at a reduced scale.
        try { result = estimator.Estimate(upload.Bytes, source); }
        catch (InvalidImageException e) { throw Refusal(e); }
        Interlocked.Increment(ref _computed);
        _results.Set(upload.Key, result);
        Save(upload, result);
        return result;
    }

    private PoseEstimator Estimator(Upload upload) => EstimatorFor(options, upload.Complexity, upload.MaxPoses);

    /// <summary>
    /// The shared estimator a request gets (photos and workout videos alike, so they share sessions): this server's
    /// models, limits, decoding and threads per inference; models not installed are a 503.
    /// </summary>
    internal static PoseEstimator EstimatorFor(PoseWebOptions options, Models.ModelComplexity complexity, int maxPoses)
    {
        try
        {
            return PoseEstimatorPool.Shared.Get(new PoseEstimatorOptions
            {
                ModelComplexity = complexity, MaxPoses = maxPoses, ModelDirectory = options.ModelDirectory,
                DecodeLimits = options.DecodeLimits, ReducedDecoding = options.ReducedDecoding,
                Threads = options.InferenceThreads,
            });
        }
        catch (Models.ModelStoreException e) { throw new ApiError(503, "models-not-installed", e.Message); }
    }

    private Mat Decode(Upload upload)
    {
        try { return ImageDecoder.Decode(upload.Bytes, "upload:" + upload.Hash[..16], options.DecodeLimits); }
        catch (InvalidImageException e) { throw Refusal(e); }
    }

    private static ApiError Refusal(InvalidImageException e) => e.Reason switch
    {
        InvalidImageReason.TooLarge => new ApiError(413, "too-many-pixels", e.Message),
        InvalidImageReason.UnknownFormat => new ApiError(415, "not-an-image", e.Message),
        InvalidImageReason.Empty => new ApiError(400, "empty-image", e.Message),
        InvalidImageReason.Truncated => new ApiError(422, "truncated-image", e.Message),
        _ => new ApiError(422, "unreadable-image", e.Message),
    };

    /// <summary>With an output folder: the upload and its result under a generated name (never the client's).</summary>
    private void Save(Upload upload, PoseResult result)
    {
        if (options.OutputDirectory is not { } folder) return;
        string name = $"{DateTime.UtcNow:yyyyMMdd-HHmmss}-{upload.Hash[..16]}";
        AtomicFile.Write(Path.Combine(folder, $"{name}.{upload.Format.ToString().ToLowerInvariant()}"), upload.Bytes);
        AtomicFile.Write(Path.Combine(folder, $"{name}.pose.json"), PoseJsonWriter.ToJsonObject(result, indented: true));
    }

    /// <summary>The queue is full: 503 with Retry-After.</summary>
    private static ApiError Busy() => new(503, "busy", "The server is busy with other images; try again in a moment.") { RetryAfterSeconds = 2 };
}
