using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace PoseTools.Web;

/// <summary>
/// The upload page and its JSON API, hosted by Kestrel in this process. Start one with <see cref="StartAsync"/>;
/// dispose (or <see cref="StopAsync"/>) to stop it.
/// </summary>
public sealed class PoseWebServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly PoseApi _api;

    private PoseWebServer(WebApplication app, PoseApi api, PoseWebOptions options, Uri url)
    {
        _app = app;
        _api = api;
        Options = options;
        Url = url;
        StartedAt = DateTimeOffset.Now;
    }

    public PoseWebOptions Options { get; }
    public Uri Url { get; }
    public int Port => Url.Port;
    public DateTimeOffset StartedAt { get; }
    public PoseApiStatistics Statistics => _api.Statistics;

    /// <summary>Starts listening; returns once the port is bound (so <see cref="Url"/> is real even for port 0).</summary>
    public static async Task<PoseWebServer> StartAsync(PoseWebOptions options, CancellationToken cancellationToken = default)
    {
        options.Validate();
        var api = new PoseApi(options);
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ContentRootPath = AppContext.BaseDirectory });
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            // The upload limit is the API's (from Content-Length before reading, and while reading the form). Kestrel's
            // own limit is set higher so that, after refusing an upload, it can drain the rest of the body and the
            // client reads the 413 instead of a reset connection; beyond it the connection is simply closed.
            kestrel.Limits.MaxRequestBodySize = Math.Max(4 * options.MaxUploadBytes, 32L * 1024 * 1024);
            kestrel.Limits.MaxRequestHeadersTotalSize = 32 * 1024;
            kestrel.Listen(options.ListenAddress, options.Port);
        });
        builder.Services.Configure<FormOptions>(form =>
        {
            var limits = options.FormLimits;
            form.MultipartBodyLengthLimit = limits.MultipartBodyLengthLimit;
            form.ValueCountLimit = limits.ValueCountLimit;
            form.MemoryBufferThreshold = limits.MemoryBufferThreshold;
            form.BufferBodyLengthLimit = limits.BufferBodyLengthLimit;
        });
        var app = builder.Build();
        api.Map(app);
        try { await app.StartAsync(cancellationToken); }
        catch { await app.DisposeAsync(); throw; }
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        var bound = new Uri(address);
        string host = options.ListenAddress.Equals(IPAddress.Any) || options.ListenAddress.Equals(IPAddress.IPv6Any) ? "localhost" : bound.Host;
        return new PoseWebServer(app, api, options, new UriBuilder(bound.Scheme, host, bound.Port, "/").Uri);
    }

    /// <summary>Completes when the server stops.</summary>
    public Task WaitForShutdownAsync(CancellationToken cancellationToken = default) => _app.WaitForShutdownAsync(cancellationToken);

    public async Task StopAsync()
    {
        await _app.StopAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
