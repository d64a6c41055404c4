using System.Collections.Concurrent;

namespace PoseTools.PowerShell;

/// <summary>The upload pages started in this process by Start-PoseWebUI (Stop-PoseWebUI finds them here).</summary>
internal static class WebServerRegistry
{
    private static readonly ConcurrentDictionary<int, PoseWebUIProcess> Servers = new();

    public static IReadOnlyList<PoseWebUIProcess> All => Servers.Values.Where(s => !s.HasExited).OrderBy(s => s.Port).ToList();

    public static void Add(PoseWebUIProcess server) => Servers[server.Port] = server;

    public static bool Remove(PoseWebUIProcess server) => Servers.TryRemove(new KeyValuePair<int, PoseWebUIProcess>(server.Port, server));
}
