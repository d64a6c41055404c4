using System.Diagnostics;
using PoseTools.Web;

// The upload page as a program of its own: `dotnet PoseTools.Web.dll [--port 8080] [--listen 127.0.0.1] …` (or the
// POSETOOLS_WEB_* variables). It prints "serving <url>" once the port is bound and stops cleanly on SIGTERM or Ctrl+C
// (in-flight requests finish first), or when the process given by --parent-process ends (Start-PoseWebUI's pwsh).
if (args is ["--help"] or ["-h"])
{
    Console.WriteLine("PoseTools upload page. Options (or environment variables):");
    foreach (var (option, variable, meaning) in PoseWebCommandLine.Settings) Console.WriteLine($"  {option,-20} {variable,-32} {meaning}");
    return 0;
}
PoseWebCommandLine.Parsed parsed;
try { parsed = PoseWebCommandLine.Parse(args, Environment.GetEnvironmentVariables()); }
catch (ArgumentException e)
{
    Console.Error.WriteLine($"PoseTools.Web: {e.Message}");
    return 2;
}

PoseWebServer server;
try { server = await PoseWebServer.StartAsync(parsed.Options); }
catch (IOException e)
{
    Console.Error.WriteLine($"PoseTools.Web: cannot listen on {parsed.Options.ListenAddress} port {parsed.Options.Port}: {e.Message}");
    return 3;
}
await using (server)
{
    Console.WriteLine($"serving {server.Url}");
    using var parentGone = new CancellationTokenSource();
    if (parsed.ParentProcessId is { } parent) _ = WatchParentAsync(parent, parentGone);
    await server.WaitForShutdownAsync(parentGone.Token).ContinueWith(_ => { });
    var s = server.Statistics;
    Console.WriteLine($"stopped: {s.Requests} requests, {s.Computed} computed, {s.CacheHits} from the cache, {s.Rejected} refused as busy");
}
return 0;

static async Task WatchParentAsync(int processId, CancellationTokenSource gone)
{
    while (true)
    {
        try
        {
            using var process = Process.GetProcessById(processId);
            if (process.HasExited) break;
        }
        catch (ArgumentException) { break; } // no such process any more
        await Task.Delay(1000);
    }
    gone.Cancel();
}
