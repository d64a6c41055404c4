using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using PoseTools.Export;
using PoseTools.Imaging;
using PoseTools.Inference;
using PoseTools.Models;

namespace PoseTools.Web;

/// <summary>
/// The page and the JSON API's endpoints: security headers and the host check on every response, routing, and the
/// mapping of every refusal to a JSON error (4xx/503) after which the server carries on. Uploads are read by
/// <see cref="UploadReader"/>; the work is done by <see cref="PoseService"/>.
/// </summary>
internal sealed class PoseApi(PoseWebOptions options)
{
    private const string CacheHeader = "X-PoseTools-Cache";
    private readonly UploadReader _uploads = new(options);
    private readonly (PoseService Photos, WorkoutService Videos) _services = Prepare(options);
    // Listening on every interface, this enumerates the network interfaces: once per server, not per request.
    private readonly IReadOnlyList<string> _allowedHosts = options.EffectiveAllowedHosts();

    private static (PoseService, WorkoutService) Prepare(PoseWebOptions options)
    {
        if (options.OutputDirectory is not null) Directory.CreateDirectory(options.OutputDirectory);
        // Photos and videos share one bounded queue: together they never run more than the configured inferences.
        var queue = new InferenceQueue(options.MaxConcurrentInferences, options.MaxQueuedRequests);
        return (new PoseService(options, queue), new WorkoutService(options, queue));
    }

    /// <summary>The counters, photos and videos together.</summary>
    public PoseApiStatistics Statistics
    {
        get
        {
            var (computed, cacheHits) = _services.Videos.Counts;
            var photos = _services.Photos.Statistics;
            return photos with { Computed = photos.Computed + computed, CacheHits = photos.CacheHits + cacheHits };
        }
    }

    public void Map(WebApplication app)
    {
        app.Use(async (context, next) =>
        {
            var headers = context.Response.Headers;
            headers["X-Content-Type-Options"] = "nosniff";
            headers["Referrer-Policy"] = "no-referrer";
            headers["X-Frame-Options"] = "DENY";
            headers["Content-Security-Policy"] = "default-src 'self'; img-src 'self' data: blob:; style-src 'self'; script-src 'self'; " +
                                                 "connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";
            try
            {
                // DNS rebinding: a page elsewhere that gets its own name pointed at this address still sends its own Host.
                if (!PoseWebOptions.IsAllowed(_allowedHosts, context.Request.Host.Host))
                    throw new ApiError(421, "host-not-allowed", $"This server answers to {string.Join(", ", _allowedHosts)}, not '{context.Request.Host.Host}'.");
                await next(context);
            }
            catch (ApiError e) when (!context.Response.HasStarted) { await e.WriteAsync(context.Response); }
            catch (BadHttpRequestException e) when (!context.Response.HasStarted)
            {
                await (e.StatusCode == StatusCodes.Status413PayloadTooLarge ? _uploads.TooLarge() : new ApiError(e.StatusCode, "bad-request", e.Message)).WriteAsync(context.Response);
            }
            catch (Exception e) when (!context.Response.HasStarted && e is not OperationCanceledException)
            {
                // Never the exception's text: it describes the server's insides, not what the client can do.
                await new ApiError(500, "internal-error", "The server could not process this request.").WriteAsync(context.Response);
            }
        });
        foreach (var asset in StaticAssets.Names)
            app.MapGet(asset == "index.html" ? "/" : "/" + asset, (HttpContext c) => StaticAssets.WriteAsync(c, asset));
        app.MapGet("/api/health", Health);
        app.MapGet("/api/models", Models);
        app.MapPost("/api/pose", Pose);
        app.MapPost("/api/pose/skeleton", Skeleton);
        app.MapPost("/api/workout", Workout);
        app.MapFallback((HttpContext c) => new ApiError(404, "not-found", $"No such resource: {c.Request.Method} {c.Request.Path}").WriteAsync(c.Response));
    }

    private Task Health(HttpContext context)
    {
        var s = Statistics;
        return Json(context, new
        {
            status = "ok",
            version = typeof(PoseEstimator).Assembly.GetName().Version?.ToString(),
            modelsInstalled = new ModelStore(options.ModelDirectory).IsInstalled(),
            defaultModelComplexity = options.ModelComplexity.ToString(),
            maxUploadBytes = options.MaxUploadBytes,
            maxPixels = options.MaxPixels,
            maxVideoSeconds = options.MaxVideoSeconds,
            maxPoses = options.MaxPosesLimit,
            requests = s.Requests, computed = s.Computed, cacheHits = s.CacheHits, rejected = s.Rejected,
            running = s.Running, waiting = s.Waiting, cachedResults = s.CachedResults,
        });
    }

    private Task Models(HttpContext context) =>
        Json(context, new ModelStore(options.ModelDirectory).Inspect().Select(m => new
        {
            model = m.Model.ToString(),
            complexity = m.Complexity?.ToString(),
            installed = m.State == ModelState.Installed,
            state = m.State.ToString(),
        }));

    private Task Pose(HttpContext context) => Answer(context, _ => "application/json; charset=utf-8", async upload =>
    {
        var (result, cached) = await _services.Photos.EstimateAsync(upload, context.RequestAborted);
        return (PoseJsonWriter.ToJsonObject(result), cached);
    });

    private Task Skeleton(HttpContext context) =>
        Answer(context, upload => ImageFormats.ForOverlayOf(upload.Format).MediaType, upload => _services.Photos.OverlayAsync(upload, context.RequestAborted));

    private async Task Workout(HttpContext context)
    {
        _services.Photos.CountRequest();
        var upload = await _uploads.ReadVideoAsync(context);
        var (json, cached) = await _services.Videos.AnalyzeAsync(upload, context.RequestAborted);
        NoStore(context, cached);
        context.Response.ContentType = "application/json; charset=utf-8";
        await context.Response.Body.WriteAsync(json);
    }

    /// <summary>Reads the upload, has the service answer it, and sends the answer (never cached by the client).</summary>
    private async Task Answer(HttpContext context, Func<Upload, string> contentType, Func<Upload, Task<(byte[] Body, bool Cached)>> answer)
    {
        _services.Photos.CountRequest();
        var upload = await _uploads.ReadAsync(context);
        var (body, cached) = await answer(upload);
        NoStore(context, cached);
        context.Response.ContentType = contentType(upload);
        await context.Response.Body.WriteAsync(body);
    }

    private static void NoStore(HttpContext context, bool cached)
    {
        context.Response.Headers[CacheHeader] = cached ? "hit" : "miss";
        context.Response.Headers.CacheControl = "no-store";
    }

    private static Task Json(HttpContext context, object value)
    {
        context.Response.ContentType = "application/json; charset=utf-8";
        context.Response.Headers.CacheControl = "no-store";
        return context.Response.WriteAsync(JsonSerializer.Serialize(value));
    }
}
