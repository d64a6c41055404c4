using System.Management.Automation;
using System.Net;
using System.Globalization;
using PoseTools.Models;

namespace PoseTools.PowerShell;

/// <summary>Start-PoseWebUI: serves the upload page (photo in, skeleton out) and its JSON API.</summary>
[Cmdlet(VerbsLifecycle.Start, "PoseWebUI", SupportsShouldProcess = true)]
[OutputType(typeof(PoseWebUIProcess))]
public sealed class StartPoseWebUICommand : PSCmdlet
{
    [Parameter(Position = 0)]
    [ValidateRange(0, 65535)]
    public int Port { get; set; } = 8080;

    /// <summary>The address to listen on; loopback (127.0.0.1) unless you ask otherwise.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string ListenAddress { get; set; } = "127.0.0.1";

    [Parameter]
    public ModelComplexity ModelComplexity { get; set; } = ModelComplexity.Full;

    [Parameter]
    [ValidateRange(1, 1024)]
    public int MaxUploadMB { get; set; } = 20;

    /// <summary>The longest workout video the page analyses, in seconds.</summary>
    [Parameter]
    [ValidateRange(1, 3600)]
    public int MaxVideoSeconds { get; set; } = 60;

    [Parameter]
    [ValidateRange(1, 256)]
    public int MaxConcurrent { get; set; } = Math.Max(1, Environment.ProcessorCount);

    /// <summary>Save uploads and results here (under generated names); without it nothing is stored.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? OutputDirectory { get; set; }

    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? ModelDirectory { get; set; }

    /// <summary>Host names the page answers to beside its own addresses (e.g. a DNS name on your network); "*" for any.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string[] AllowedHost { get; set; } = [];

    /// <summary>Decode large JPEGs (phone photos) at a reduced scale: much faster, landmarks not bit-identical to a full decode.</summary>
    [Parameter]
    public SwitchParameter ReducedDecoding { get; set; }

    /// <summary>Serve in the foreground until Ctrl+C instead of returning the running server.</summary>
    [Parameter]
    public SwitchParameter Wait { get; set; }

    private readonly CancellationTokenSource _stop = new();

    protected override void EndProcessing()
    {
        if (!IPAddress.TryParse(ListenAddress, out var address))
            ThrowTerminatingError(new ErrorRecord(new PSArgumentException($"'{ListenAddress}' is not an IP address (e.g. 127.0.0.1, or 0.0.0.0 for every interface)."),
                "InvalidListenAddress", ErrorCategory.InvalidArgument, ListenAddress));
        string? output = OutputDirectory is null ? null : SessionState.Path.GetUnresolvedProviderPathFromPSPath(OutputDirectory);
        string target = $"http://{(address!.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 ? $"[{address}]" : address.ToString())}:{Port}/";
        if (!ShouldProcess(target, "Start the PoseTools upload page")) return;
        if (!IPAddress.IsLoopback(address!))
            WriteWarning($"Listening on {address}: anyone who can reach this computer on port {Port} can upload photos.");

        var store = new ModelStore(ModelDirectory is null ? null : SessionState.Path.GetUnresolvedProviderPathFromPSPath(ModelDirectory));
        ModelInstallation.EnsureInstalled(this, store, [PoseModel.Detector, ModelComplexity.LandmarkModel()], _stop.Token);
        var arguments = new List<string>
        {
            "--port", Port.ToString(CultureInfo.InvariantCulture), "--listen", address.ToString(), "--model-complexity", ModelComplexity.ToString(),
            "--max-upload-mb", MaxUploadMB.ToString(CultureInfo.InvariantCulture), "--max-concurrent", MaxConcurrent.ToString(CultureInfo.InvariantCulture),
            "--max-video-seconds", MaxVideoSeconds.ToString(CultureInfo.InvariantCulture),
            "--model-directory", store.Directory,
        };
        if (output is not null) arguments.AddRange(["--output-directory", output]);
        if (ReducedDecoding) arguments.AddRange(["--reduced-decoding", "on"]);
        foreach (var host in AllowedHost) arguments.AddRange(["--allowed-host", host]);
        PoseWebUIProcess server;
        try
        {
            server = PoseWebUIProcess.Start(arguments, ModelComplexity, _stop.Token);
        }
        catch (IOException e)
        {
            ThrowTerminatingError(new ErrorRecord(e, "WebUIStartFailed", ErrorCategory.ResourceUnavailable, target));
            return;
        }
        WebServerRegistry.Add(server);
        if (!Wait)
        {
            WriteObject(server);
            return;
        }

        Host.UI.WriteLine($"PoseTools is serving {server.Url} — press Ctrl+C to stop.");
        PoseWebUIStatistics? last = null;
        try
        {
            server.WaitForExit(_stop.Token);
            last = server.Statistics;
        }
        finally
        {
            last ??= server.Statistics;
            WebServerRegistry.Remove(server);
            server.Dispose();
            // The final counters, to the host: after Ctrl+C the pipeline takes no more objects.
            if (last is { } s)
                Host.UI.WriteLine($"Stopped {server.Url}: {s.Requests} requests, {s.Computed} computed, {s.CacheHits} from the cache, {s.Rejected} refused as busy.");
        }
    }

    protected override void StopProcessing() => _stop.Cancel();
}
