using System.Diagnostics;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace PoseTools.Tests;

/// <summary>
/// Headless Chromium driven over the DevTools protocol (a WebSocket of JSON commands): enough to load a page, set a
/// file input, click, read the DOM and take screenshots — what a browser test of the upload page needs.
/// </summary>
public sealed partial class DevTools : IAsyncDisposable
{
    private readonly Process _browser;
    private readonly ClientWebSocket _socket = new();
    private int _nextId;

    private DevTools(Process browser) => _browser = browser;

    public static async Task<DevTools> LaunchAsync()
    {
        var psi = new ProcessStartInfo(Chromium.Executable) { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var o in new[] { "--headless=new", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-dev-shm-usage", "--remote-debugging-port=0",
                     $"--user-data-dir={TestEnvironment.NewTempDirectory("posetools-devtools")}", "--window-size=1200,900", "about:blank" })
            psi.ArgumentList.Add(o);
        var browser = Process.Start(psi)!;
        var tools = new DevTools(browser);
        try
        {
            string? line;
            int port = 0;
            var deadline = DateTime.UtcNow.AddSeconds(30);
            while (port == 0 && DateTime.UtcNow < deadline && (line = await browser.StandardError.ReadLineAsync()) is not null)
                if (Listening().Match(line) is { Success: true } m) port = int.Parse(m.Groups[1].Value);
            if (port == 0) throw new InvalidOperationException("chromium did not open its DevTools port");
            _ = browser.StandardError.ReadToEndAsync();
            using var http = new HttpClient();
            var pages = JsonNode.Parse(await http.GetStringAsync($"http://127.0.0.1:{port}/json/list"))!.AsArray();
            string socket = pages.First(p => p!["type"]!.GetValue<string>() == "page")!["webSocketDebuggerUrl"]!.GetValue<string>();
            await tools._socket.ConnectAsync(new Uri(socket), CancellationToken.None);
            await tools.SendAsync("Page.enable");
            await tools.SendAsync("Runtime.enable");
            return tools;
        }
        catch
        {
            await tools.DisposeAsync();
            throw;
        }
    }

    /// <summary>Sends one command and returns its result (events in between are skipped).</summary>
    public async Task<JsonNode> SendAsync(string method, object? parameters = null)
    {
        int id = Interlocked.Increment(ref _nextId);
        var message = JsonSerializer.SerializeToUtf8Bytes(new { id, method, @params = parameters ?? new { } });
        await _socket.SendAsync(message, WebSocketMessageType.Text, true, CancellationToken.None);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        while (true)
        {
            var reply = JsonNode.Parse(await ReceiveAsync(timeout.Token))!;
            if (reply["id"]?.GetValue<int>() != id) continue;
            if (reply["error"] is { } error) throw new InvalidOperationException($"{method}: {error.ToJsonString()}");
            return reply["result"]!;
        }
    }

    /// <summary>Evaluates a JavaScript expression in the page; returns its value as JSON.</summary>
    public async Task<JsonNode?> EvaluateAsync(string expression)
    {
        var result = await SendAsync("Runtime.evaluate", new { expression, returnByValue = true, awaitPromise = true });
        if (result["exceptionDetails"] is { } e) throw new InvalidOperationException($"script failed: {e.ToJsonString()}");
        return result["result"]!["value"];
    }

    /// <summary>Polls an expression until it is true (or the time is up).</summary>
    public async Task<bool> WaitForAsync(string expression, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            if (await EvaluateAsync(expression) is JsonValue v && v.TryGetValue<bool>(out bool ok) && ok) return true;
            await Task.Delay(200);
        }
        return false;
    }

    public async Task NavigateAsync(string url)
    {
        await SendAsync("Page.navigate", new { url });
        if (!await WaitForAsync("document.readyState === 'complete'", TimeSpan.FromSeconds(30))) throw new TimeoutException($"{url} did not load");
    }

    public async Task SetFilesAsync(string selector, params string[] files)
    {
        var root = await SendAsync("DOM.getDocument", new { depth = 0 });
        var node = await SendAsync("DOM.querySelector", new { nodeId = root["root"]!["nodeId"]!.GetValue<int>(), selector });
        await SendAsync("DOM.setFileInputFiles", new { files, nodeId = node["nodeId"]!.GetValue<int>() });
    }

    public async Task<byte[]> ScreenshotAsync() =>
        Convert.FromBase64String((await SendAsync("Page.captureScreenshot", new { format = "png", captureBeyondViewport = true }))["data"]!.GetValue<string>());

    private async Task<string> ReceiveAsync(CancellationToken cancellationToken)
    {
        var buffer = new byte[64 * 1024];
        using var message = new MemoryStream();
        WebSocketReceiveResult part;
        do
        {
            part = await _socket.ReceiveAsync(buffer, cancellationToken);
            message.Write(buffer, 0, part.Count);
        } while (!part.EndOfMessage);
        return Encoding.UTF8.GetString(message.ToArray());
    }

    public async ValueTask DisposeAsync()
    {
        try { if (_socket.State == WebSocketState.Open) await _socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "", CancellationToken.None); }
        catch (WebSocketException) { }
        _socket.Dispose();
        if (!_browser.HasExited) _browser.Kill(entireProcessTree: true);
        _browser.Dispose();
    }

    [GeneratedRegex(@"DevTools listening on ws://[^:]+:(\d+)/")]
    private static partial Regex Listening();
}
