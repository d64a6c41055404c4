using Microsoft.AspNetCore.Http;

namespace PoseTools.Web;

/// <summary>The page's files, embedded in the assembly (wwwroot/): served from memory, no CDN, no disk.</summary>
internal static class StaticAssets
{
    private static readonly Dictionary<string, byte[]> Files = typeof(StaticAssets).Assembly.GetManifestResourceNames()
        .Where(n => n.StartsWith("wwwroot/", StringComparison.Ordinal))
        .ToDictionary(n => n["wwwroot/".Length..], Read);

    public static IEnumerable<string> Names => Files.Keys;

    public static async Task WriteAsync(HttpContext context, string name)
    {
        context.Response.ContentType = Path.GetExtension(name) switch
        {
            ".html" => "text/html; charset=utf-8",
            ".js" => "text/javascript; charset=utf-8",
            ".css" => "text/css; charset=utf-8",
            ".svg" => "image/svg+xml",
            _ => "application/octet-stream",
        };
        context.Response.Headers.CacheControl = "no-cache";
        await context.Response.Body.WriteAsync(Files[name]);
    }

    private static byte[] Read(string resource)
    {
        using var stream = typeof(StaticAssets).Assembly.GetManifestResourceStream(resource)!;
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }
}
