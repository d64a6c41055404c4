using System.Collections.Concurrent;
using PoseTools.Web;

namespace PoseTools.PowerShell;

/// <summary>The upload servers started in this process by Start-PoseWebUI (Stop-PoseWebUI finds them here).</summary>
internal static class WebServerRegistry
{
    private static readonly ConcurrentDictionary<int, PoseWebServer> Servers = new();

    public static IReadOnlyList<PoseWebServer> All => Servers.Values.OrderBy(s => s.Port).ToList();

    public static void Add(PoseWebServer server) => Servers[server.Port] = server;

    public static bool Remove(PoseWebServer server) => Servers.TryRemove(new KeyValuePair<int, PoseWebServer>(server.Port, server));
}
