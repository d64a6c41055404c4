using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text.Json;
using PoseTools.Models;

namespace PoseTools.PowerShell;

/// <summary>The upload page's counters, as its /api/health reports them.</summary>
public sealed record PoseWebUIStatistics(long Requests, long Computed, long CacheHits, long Rejected, int Running, int Waiting);

/// <summary>
/// An upload page running as its own process (the PoseTools.Web program shipped in the module folder), started and
/// supervised by Start-PoseWebUI: it ends with its pwsh (it watches the parent), on Stop-PoseWebUI, or on Ctrl+C of
/// -Wait; stopping sends SIGTERM, so in-flight requests finish first. The module loads no ASP.NET Core itself.
/// </summary>
public sealed class PoseWebUIProcess : IDisposable
{
    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(5) };
    private readonly Process _process;
    private bool _exited;

    private PoseWebUIProcess(Process process, Uri url, ModelComplexity complexity)
    {
        _process = process;
        Url = url;
        ModelComplexity = complexity;
        StartedAt = DateTimeOffset.Now;
        ProcessId = process.Id;
    }

    public Uri Url { get; }
    public int Port => Url.Port;
    public ModelComplexity ModelComplexity { get; }
    public DateTimeOffset StartedAt { get; }
    public int ProcessId { get; }
    public bool HasExited => _exited || _process.HasExited;

    /// <summary>The counters now (asked of the running page); null once it has stopped.</summary>
    public PoseWebUIStatistics? Statistics
    {
        get
        {
            if (HasExited) return null;
            try
            {
                using var health = JsonDocument.Parse(Http.GetStringAsync(new Uri(Url, "api/health")).GetAwaiter().GetResult());
                var r = health.RootElement;
                return new PoseWebUIStatistics(r.GetProperty("requests").GetInt64(), r.GetProperty("computed").GetInt64(), r.GetProperty("cacheHits").GetInt64(),
                    r.GetProperty("rejected").GetInt64(), r.GetProperty("running").GetInt32(), r.GetProperty("waiting").GetInt32());
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException or JsonException or KeyNotFoundException) { return null; }
        }
    }

    /// <summary>The program beside this module's assembly, run by the dotnet host that runs this process.</summary>
    private static (string Host, string Program) Locate()
    {
        string folder = Path.GetDirectoryName(typeof(PoseWebUIProcess).Assembly.Location)!;
        string program = Path.Combine(folder, "PoseTools.Web.dll");
        if (!File.Exists(program)) throw new FileNotFoundException($"The upload page program {program} is missing from the module folder; rebuild or reinstall the module.", program);
        // …/dotnet/shared/Microsoft.NETCore.App/<version>/ → …/dotnet/dotnet
        string runtime = RuntimeEnvironment.GetRuntimeDirectory();
        string host = Path.GetFullPath(Path.Combine(runtime, "..", "..", "..", OperatingSystem.IsWindows() ? "dotnet.exe" : "dotnet"));
        return (File.Exists(host) ? host : "dotnet", program);
    }

    /// <summary>Starts the page and returns once it listens (its "serving &lt;url&gt;" line); throws with its own words if it cannot.</summary>
    public static PoseWebUIProcess Start(IReadOnlyList<string> arguments, ModelComplexity complexity, CancellationToken cancellationToken)
    {
        var (host, program) = Locate();
        var psi = new ProcessStartInfo(host) { RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true, UseShellExecute = false };
        psi.ArgumentList.Add(program);
        foreach (var a in arguments) psi.ArgumentList.Add(a);
        psi.ArgumentList.Add("--parent-process");
        psi.ArgumentList.Add(Environment.ProcessId.ToString());
        var process = Process.Start(psi) ?? throw new IOException($"{host} could not be started");
        process.StandardInput.Close();
        var errors = process.StandardError.ReadToEndAsync(CancellationToken.None);
        var ready = process.StandardOutput.ReadLineAsync(cancellationToken).AsTask();
        if (!ready.Wait(TimeSpan.FromMinutes(2)) || ready.Result is not { } line || !line.StartsWith("serving ", StringComparison.Ordinal))
        {
            if (!process.HasExited) process.Kill(entireProcessTree: true);
            process.WaitForExit();
            string said = errors.Wait(TimeSpan.FromSeconds(5)) ? errors.Result.Trim() : "";
            process.Dispose();
            throw new IOException(said.Length > 0 ? said.Replace("PoseTools.Web: ", "") : "the upload page did not start");
        }
        // Keep reading its output (stderr is read to its end above) so neither pipe ever fills.
        _ = Task.Run(() => process.StandardOutput.ReadToEndAsync());
        return new PoseWebUIProcess(process, new Uri(line["serving ".Length..].Trim()), complexity);
    }

    /// <summary>Asks the page to stop (SIGTERM: it finishes in-flight requests) and waits for it; kills it after a grace period.</summary>
    public void Stop(TimeSpan? grace = null)
    {
        if (HasExited) return;
        if (OperatingSystem.IsWindows()) _process.Kill(entireProcessTree: true);
        else _ = SendSignal(_process.Id, 15);
        if (!_process.WaitForExit(grace ?? TimeSpan.FromSeconds(30))) _process.Kill(entireProcessTree: true);
        _process.WaitForExit();
    }

    /// <summary>Blocks until the page stops by itself, or <paramref name="cancellationToken"/> fires.</summary>
    public void WaitForExit(CancellationToken cancellationToken)
    {
        using var exited = new ManualResetEventSlim();
        _process.EnableRaisingEvents = true;
        _process.Exited += (_, _) => exited.Set();
        if (_process.HasExited) return;
        try { exited.Wait(cancellationToken); }
        catch (OperationCanceledException) { }
    }

    public void Dispose()
    {
        if (_exited) return;
        Stop();
        _exited = true;
        _process.Dispose();
    }

    [DllImport("libc", EntryPoint = "kill")]
    private static extern int SendSignal(int pid, int signal);
}
