using System.Diagnostics;
using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using OpenCvSharp;
using PoseTools.Export;
using PoseTools.Imaging;
using PoseTools.Inference;
using PoseTools.Models;
using PoseTools.Results;

namespace PoseTools.Web;

/// <summary>Counters the health endpoint reports.</summary>
public sealed record PoseApiStatistics(long Requests, long Computed, long CacheHits, long Rejected, int Running, int Waiting, int CachedResults);

/// <summary>
/// The JSON API and the page. Safety first: nothing the client sends becomes a path; the body size is checked
/// before it is read; the content is sniffed from its bytes; huge dimensions are refused before decoding; work goes
/// through a bounded queue; every refusal is a 4xx/503 JSON error and the server carries on.
/// </summary>
internal sealed class PoseApi : IDisposable
{
    private const string CacheHeader = "X-PoseTools-Cache";
    private readonly PoseWebOptions _options;
    private readonly InferenceQueue _queue;
    private readonly ResultCache<PoseResult> _results;
    private readonly ResultCache<byte[]> _overlays;
    private readonly PoseEstimatorPool _estimators = new();
    private readonly ImageDecodeLimits _limits;
    private long _requests, _computed, _cacheHits;

    public PoseApi(PoseWebOptions options)
    {
        _options = options;
        _queue = new InferenceQueue(options.MaxConcurrentInferences, options.MaxQueuedRequests);
        _results = new ResultCache<PoseResult>(options.CacheEntries);
        _overlays = new ResultCache<byte[]>(Math.Max(0, options.CacheEntries / 4));
        _limits = new ImageDecodeLimits { MaxPixels = options.MaxPixels };
        if (options.OutputDirectory is not null) Directory.CreateDirectory(options.OutputDirectory);
    }

    public PoseApiStatistics Statistics => new(Interlocked.Read(ref _requests), Interlocked.Read(ref _computed), Interlocked.Read(ref _cacheHits),
        _queue.Rejected, _queue.Running, _queue.Waiting, _results.Count);

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
                if (!_options.IsAllowedHost(context.Request.Host.Host))
                    throw new ApiError(421, "host-not-allowed", $"This server answers to {string.Join(", ", _options.EffectiveAllowedHosts())}, not '{context.Request.Host.Host}'.");
                await next(context);
            }
            catch (ApiError e) when (!context.Response.HasStarted) { await e.WriteAsync(context.Response); }
            catch (BadHttpRequestException e) when (!context.Response.HasStarted)
            {
                await (e.StatusCode == StatusCodes.Status413PayloadTooLarge ? TooLarge() : new ApiError(e.StatusCode, "bad-request", e.Message)).WriteAsync(context.Response);
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
        app.MapPost("/api/pose", (HttpContext c) => Pose(c, skeleton: false));
        app.MapPost("/api/pose/skeleton", (HttpContext c) => Pose(c, skeleton: true));
        app.MapFallback((HttpContext c) => new ApiError(404, "not-found", $"No such resource: {c.Request.Method} {c.Request.Path}").WriteAsync(c.Response));
    }

    private Task Health(HttpContext context)
    {
        var s = Statistics;
        return Json(context, new
        {
            status = "ok",
            version = typeof(PoseEstimator).Assembly.GetName().Version?.ToString(),
            modelsInstalled = new ModelStore(_options.ModelDirectory).IsInstalled(),
            defaultModelComplexity = _options.ModelComplexity.ToString(),
            maxUploadBytes = _options.MaxUploadBytes,
            maxPixels = _options.MaxPixels,
            maxPoses = _options.MaxPosesLimit,
            requests = s.Requests, computed = s.Computed, cacheHits = s.CacheHits, rejected = s.Rejected,
            running = s.Running, waiting = s.Waiting, cachedResults = s.CachedResults,
        });
    }

    private Task Models(HttpContext context) =>
        Json(context, new ModelStore(_options.ModelDirectory).Inspect().Select(m => new
        {
            model = m.Model.ToString(),
            complexity = m.Model switch
            {
                PoseModel.LandmarkLite => "Lite", PoseModel.LandmarkFull => "Full", PoseModel.LandmarkHeavy => "Heavy", _ => null,
            },
            installed = m.State == ModelState.Installed,
            state = m.State.ToString(),
        }));

    private async Task Pose(HttpContext context, bool skeleton)
    {
        Interlocked.Increment(ref _requests);
        var (bytes, complexity, maxPoses) = await ReadUploadAsync(context);
        var format = ImageHeader.SniffFormat(bytes);
        if (format == ImageFormat.Unknown)
            throw new ApiError(415, "not-an-image", "The upload is not a JPEG, PNG, BMP, WebP, TIFF or GIF image (judged by its content, not its name).");
        string hash = Convert.ToHexStringLower(SHA256.HashData(bytes));
        string key = $"{hash}/{(int)complexity}/{maxPoses}";

        bool cached = _results.TryGet(key, out var result);
        if (cached) Interlocked.Increment(ref _cacheHits);
        else
        {
            var estimator = Estimator(complexity, maxPoses);
            result = await _queue.TryRunAsync(() => Estimate(estimator, bytes, hash), context.RequestAborted)
                     ?? throw Busy();
            Interlocked.Increment(ref _computed);
            _results.Set(key, result);
            Save(bytes, format, hash, result);
        }
        context.Response.Headers[CacheHeader] = cached ? "hit" : "miss";
        context.Response.Headers.CacheControl = "no-store";
        if (!skeleton)
        {
            context.Response.ContentType = "application/json; charset=utf-8";
            await context.Response.Body.WriteAsync(PoseJsonWriter.ToJsonObject(result));
            return;
        }
        if (!_overlays.TryGet(key, out var png))
        {
            png = await _queue.TryRunAsync(() => Overlay(bytes, result), context.RequestAborted) ?? throw Busy();
            _overlays.Set(key, png);
        }
        context.Response.ContentType = "image/png";
        await context.Response.Body.WriteAsync(png);
    }

    /// <summary>The image file of a multipart form (field "image", else the first file) and the options.</summary>
    private async Task<(byte[] Bytes, ModelComplexity Complexity, int MaxPoses)> ReadUploadAsync(HttpContext context)
    {
        var request = context.Request;
        // Refuse by the declared length before reading anything.
        if (request.ContentLength > _options.MaxUploadBytes + 64 * 1024) throw TooLarge();
        if (!request.HasFormContentType || !request.ContentType!.StartsWith("multipart/form-data", StringComparison.OrdinalIgnoreCase))
            throw new ApiError(415, "multipart-expected", "Send the image as multipart/form-data, in a field named 'image'.");
        IFormCollection form;
        try { form = await request.ReadFormAsync(context.RequestAborted); }
        catch (InvalidDataException e) { throw FormLimit(e.Message); }
        catch (IOException) when (!context.RequestAborted.IsCancellationRequested)
        {
            // A body that ends early or breaks the multipart syntax ("Unexpected end of Stream"): the client's fault.
            throw new ApiError(400, "bad-form", "The multipart body is malformed or incomplete: send the image as multipart/form-data in a field named 'image'.");
        }
        var file = form.Files.GetFile("image") ?? form.Files.FirstOrDefault()
                   ?? throw new ApiError(400, "no-image", "The form has no file: send the image in a field named 'image'.");
        if (file.Length > _options.MaxUploadBytes) throw TooLarge();
        if (file.Length == 0) throw new ApiError(400, "empty-image", "The uploaded file is empty.");
        var bytes = new byte[file.Length];
        await using (var stream = file.OpenReadStream()) await stream.ReadExactlyAsync(bytes, context.RequestAborted);
        return (bytes, Complexity(Field(form, request, "modelComplexity") ?? Field(form, request, "complexity")), MaxPoses(Field(form, request, "maxPoses")));
    }

    private static string? Field(IFormCollection form, HttpRequest request, string name) =>
        form.TryGetValue(name, out var v) && v.Count > 0 ? v[0] : request.Query.TryGetValue(name, out var q) && q.Count > 0 ? q[0] : null;

    private ModelComplexity Complexity(string? value) => value?.Trim().ToLowerInvariant() switch
    {
        null or "" => _options.ModelComplexity,
        "0" or "lite" => ModelComplexity.Lite,
        "1" or "full" => ModelComplexity.Full,
        "2" or "heavy" => ModelComplexity.Heavy,
        _ => throw new ApiError(400, "bad-model-complexity", "modelComplexity is lite, full or heavy (or 0, 1, 2)."),
    };

    private int MaxPoses(string? value)
    {
        if (string.IsNullOrWhiteSpace(value)) return 1;
        if (!int.TryParse(value, out int n) || n < 1 || n > _options.MaxPosesLimit)
            throw new ApiError(400, "bad-max-poses", $"maxPoses is a whole number from 1 to {_options.MaxPosesLimit}.");
        return n;
    }

    private PoseEstimator Estimator(ModelComplexity complexity, int maxPoses)
    {
        try
        {
            return _estimators.Get(new PoseEstimatorOptions
            {
                ModelComplexity = complexity, MaxPoses = maxPoses, ModelDirectory = _options.ModelDirectory, DecodeLimits = _limits,
            });
        }
        catch (ModelStoreException e) { throw new ApiError(503, "models-not-installed", e.Message); }
    }

    private static PoseResult Estimate(PoseEstimator estimator, byte[] bytes, string hash)
    {
        try { return estimator.Estimate(bytes, "upload:" + hash[..16]); }
        catch (InvalidImageException e)
        {
            throw e.Reason switch
            {
                InvalidImageReason.TooLarge => new ApiError(413, "too-many-pixels", e.Message),
                InvalidImageReason.UnknownFormat => new ApiError(415, "not-an-image", e.Message),
                InvalidImageReason.Empty => new ApiError(400, "empty-image", e.Message),
                InvalidImageReason.Truncated => new ApiError(422, "truncated-image", e.Message),
                _ => new ApiError(422, "unreadable-image", e.Message),
            };
        }
    }

    private byte[] Overlay(byte[] bytes, PoseResult result)
    {
        using var image = ImageDecoder.Decode(bytes, "upload", _limits);
        SkeletonRenderer.Draw(image, result.Poses);
        return SkeletonRenderer.Encode(image, "overlay.png");
    }

    /// <summary>With an output folder: the upload and its result under a generated name (never the client's).</summary>
    private void Save(byte[] bytes, ImageFormat format, string hash, PoseResult result)
    {
        if (_options.OutputDirectory is not { } folder) return;
        string name = $"{DateTime.UtcNow:yyyyMMdd-HHmmss}-{hash[..16]}";
        File.WriteAllBytes(Path.Combine(folder, $"{name}.{format.ToString().ToLowerInvariant()}"), bytes);
        File.WriteAllBytes(Path.Combine(folder, $"{name}.pose.json"), PoseJsonWriter.ToJsonObject(result, indented: true));
    }

    /// <summary>The form limit that a body broke, named as such (ASP.NET Core says which only in its message).</summary>
    private ApiError FormLimit(string message)
    {
        bool Has(string words) => message.Contains(words, StringComparison.OrdinalIgnoreCase);
        var limits = _options.FormLimits;
        if (Has("value count")) return new ApiError(400, "too-many-fields", $"The form has more than {limits.ValueCountLimit} fields; send the image and at most a few options.");
        if (Has("headers count")) return new ApiError(400, "too-many-part-headers", $"A part of the form has more than {limits.MultipartHeadersCountLimit} headers.");
        if (Has("headers length") || Has("line length")) return new ApiError(400, "part-headers-too-long", $"The headers of a part of the form are longer than {limits.MultipartHeadersLengthLimit} bytes.");
        if (Has("key length")) return new ApiError(400, "field-name-too-long", $"A field name of the form is longer than {limits.KeyLengthLimit} bytes.");
        if (Has("value length")) return new ApiError(400, "field-too-long", $"A field of the form is longer than {limits.ValueLengthLimit} bytes.");
        if (Has("body length") || Has("limit")) return TooLarge();
        return new ApiError(400, "bad-form", "The multipart body is malformed: send the image as multipart/form-data in a field named 'image'.");
    }

    private ApiError TooLarge() =>
        new(413, "upload-too-large", $"The upload is larger than {_options.MaxUploadMegabytes} MB.");

    /// <summary>The queue is full: 503 with Retry-After.</summary>
    private static ApiError Busy() => new(503, "busy", "The server is busy with other images; try again in a moment.") { RetryAfterSeconds = 2 };

    private static Task Json(HttpContext context, object value)
    {
        context.Response.ContentType = "application/json; charset=utf-8";
        context.Response.Headers.CacheControl = "no-store";
        return context.Response.WriteAsync(JsonSerializer.Serialize(value));
    }

    public void Dispose()
    {
        _estimators.Dispose();
    }
}
