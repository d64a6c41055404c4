using System.Net;
using System.Net.NetworkInformation;
using Microsoft.AspNetCore.Http.Features;
using PoseTools.Models;

namespace PoseTools.Web;

/// <summary>How the upload page's server runs. The defaults suit one laptop: loopback only, 20 MB uploads.</summary>
public sealed record PoseWebOptions
{
    /// <summary>The address to listen on: loopback unless asked otherwise (anyone who can reach it can upload).</summary>
    public IPAddress ListenAddress { get; init; } = IPAddress.Loopback;

    /// <summary>The TCP port; 0 picks a free one.</summary>
    public int Port { get; init; } = 8080;

    /// <summary>The model complexity for requests that do not name one.</summary>
    public ModelComplexity ModelComplexity { get; init; } = ModelComplexity.Full;

    /// <summary>The largest upload, checked before the body is read.</summary>
    public int MaxUploadMegabytes { get; init; } = 20;

    /// <summary>Images whose header declares more pixels are refused before decoding (decompression bombs).</summary>
    public long MaxPixels { get; init; } = 50_000_000;

    /// <summary><see cref="MaxPixels"/> as the decoder's limits, for uploads and for the estimators that decode them.</summary>
    internal Imaging.ImageDecodeLimits DecodeLimits => new() { MaxPixels = MaxPixels };

    /// <summary>The longest video the workout endpoint analyses; longer ones are refused (by the container's frame count, and while decoding).</summary>
    public int MaxVideoSeconds { get; init; } = 60;

    /// <summary>The most people a request may ask for.</summary>
    public int MaxPosesLimit { get; init; } = 10;

    /// <summary>Inferences running at once; more requests wait in the queue.</summary>
    public int MaxConcurrentInferences { get; init; } = Math.Max(1, Environment.ProcessorCount);

    /// <summary>
    /// Threads each inference uses: the cores shared among the concurrent inferences (by default one each). ONNX
    /// Runtime's threads otherwise wait on one another while the server's own work or another request holds a core. On
    /// 2 cores, photos (0.2–0.6 MP, Full), interleaved A/B: one client 32–37 → 40–43 requests/s (median 23–29 → 22–24 ms,
    /// p90 45–47 → 30–31); four clients 40–47 → 61–74 requests/s (median 84–93 → 48–63 ms).
    /// </summary>
    public int InferenceThreads => Math.Max(1, Environment.ProcessorCount / MaxConcurrentInferences);

    /// <summary>Decode large JPEGs at a reduced scale (<see cref="Inference.PoseEstimatorOptions.ReducedDecoding"/>).</summary>
    public bool ReducedDecoding { get; init; }

    /// <summary>Requests allowed to wait; beyond that the server answers 503 with Retry-After.</summary>
    public int MaxQueuedRequests { get; init; } = 32;

    /// <summary>Results kept in memory by content hash (an image uploaded again is not recomputed).</summary>
    public int CacheEntries { get; init; } = 64;

    /// <summary>If set, uploads and their results are saved here under generated names; otherwise nothing is stored.</summary>
    public string? OutputDirectory { get; init; }

    /// <summary>Where the models are (the default model store when null).</summary>
    public string? ModelDirectory { get; init; }

    /// <summary>
    /// Host names (as sent in the Host header) the server answers to, beside its own: without a name here, only the
    /// listen address, localhost and — when listening on every interface — this machine's addresses and name are
    /// accepted, which closes DNS rebinding. "*" accepts any host.
    /// </summary>
    public IReadOnlyList<string> AllowedHosts { get; init; } = [];

    public long MaxUploadBytes => MaxUploadMegabytes * 1024L * 1024L;

    /// <summary>The multipart form's limits (ASP.NET Core's FormOptions), reported by name when a body breaks one.</summary>
    public FormOptions FormLimits => new()
    {
        MultipartBodyLengthLimit = MaxUploadBytes + 64 * 1024,
        ValueCountLimit = 16,
        // Keep the upload in memory: nothing is written to temporary files.
        MemoryBufferThreshold = (int)Math.Min(int.MaxValue, MaxUploadBytes + 64 * 1024),
        BufferBodyLengthLimit = MaxUploadBytes + 64 * 1024,
    };

    /// <summary>Every host name the server answers to.</summary>
    public IReadOnlyList<string> EffectiveAllowedHosts()
    {
        var hosts = new List<string> { "localhost", "127.0.0.1", "::1" };
        if (ListenAddress.Equals(IPAddress.Any) || ListenAddress.Equals(IPAddress.IPv6Any))
        {
            hosts.Add(Dns.GetHostName());
            foreach (var nic in NetworkInterface.GetAllNetworkInterfaces())
                hosts.AddRange(nic.GetIPProperties().UnicastAddresses.Select(a => a.Address.ToString()));
        }
        else hosts.Add(ListenAddress.ToString());
        hosts.AddRange(AllowedHosts);
        return hosts.Distinct(StringComparer.OrdinalIgnoreCase).ToList();
    }

    /// <summary>Whether a request with this Host header (without its port) is served.</summary>
    public bool IsAllowedHost(string host) => IsAllowed(EffectiveAllowedHosts(), host);

    /// <summary>Whether <paramref name="host"/> is in <paramref name="allowed"/> (as <see cref="EffectiveAllowedHosts"/> gives it), or a loopback address.</summary>
    public static bool IsAllowed(IReadOnlyList<string> allowed, string host)
    {
        host = host.Trim('[', ']');
        return allowed.Contains("*") || allowed.Contains(host, StringComparer.OrdinalIgnoreCase)
               || (IPAddress.TryParse(host, out var ip) && IPAddress.IsLoopback(ip));
    }

    public void Validate()
    {
        if (Port is < 0 or > 65535) throw new ArgumentOutOfRangeException(nameof(Port), Port, "a TCP port is 0–65535 (0: any free port)");
        if (MaxUploadMegabytes is < 1 or > 1024) throw new ArgumentOutOfRangeException(nameof(MaxUploadMegabytes), MaxUploadMegabytes, "1–1024 MB");
        if (MaxPixels < 16 * 16) throw new ArgumentOutOfRangeException(nameof(MaxPixels));
        if (MaxVideoSeconds is < 1 or > 3600) throw new ArgumentOutOfRangeException(nameof(MaxVideoSeconds), MaxVideoSeconds, "1–3600 s");
        if (MaxPosesLimit is < 1 or > 100) throw new ArgumentOutOfRangeException(nameof(MaxPosesLimit));
        if (MaxConcurrentInferences < 1) throw new ArgumentOutOfRangeException(nameof(MaxConcurrentInferences));
        if (MaxQueuedRequests < 0) throw new ArgumentOutOfRangeException(nameof(MaxQueuedRequests));
        if (CacheEntries < 0) throw new ArgumentOutOfRangeException(nameof(CacheEntries));
    }
}
