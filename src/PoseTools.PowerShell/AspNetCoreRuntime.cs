using System.Reflection;
using System.Runtime.InteropServices;
using System.Runtime.Loader;

namespace PoseTools.PowerShell;

/// <summary>
/// Start-PoseWebUI runs ASP.NET Core, which pwsh does not load: its assemblies live in the shared framework
/// Microsoft.AspNetCore.App beside the .NET runtime. When one is asked for and not found, this resolver loads it
/// from the installed ASP.NET Core runtime of the same major version as the running .NET.
/// </summary>
internal static class AspNetCoreRuntime
{
    private static int _registered;
    private static readonly Lazy<string?> Folder = new(Find);

    public static void Register()
    {
        if (Interlocked.Exchange(ref _registered, 1) == 1) return;
        AssemblyLoadContext.Default.Resolving += (context, name) =>
        {
            if (name.Name is null || Folder.Value is not { } folder) return null;
            string path = Path.Combine(folder, name.Name + ".dll");
            return File.Exists(path) ? context.LoadFromAssemblyPath(path) : null;
        };
    }

    /// <summary>The ASP.NET Core shared framework folder, or null when none is installed.</summary>
    public static string? Location => Folder.Value;

    private static string? Find()
    {
        int major = Environment.Version.Major;
        var roots = new List<string>();
        // Framework-dependent hosts: …/shared/Microsoft.NETCore.App/<version>/ → …/shared.
        var runtime = new DirectoryInfo(RuntimeEnvironment.GetRuntimeDirectory());
        if (runtime.Parent?.Parent is { } shared) roots.Add(shared.FullName);
        foreach (var root in new[] { Environment.GetEnvironmentVariable("DOTNET_ROOT"), "/usr/share/dotnet", "/usr/lib/dotnet", "/usr/local/share/dotnet",
                     Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".dotnet"),
                     Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.ProgramFiles), "dotnet") })
            if (!string.IsNullOrEmpty(root)) roots.Add(Path.Combine(root, "shared"));
        return roots.Select(r => Path.Combine(r, "Microsoft.AspNetCore.App")).Where(Directory.Exists)
            .SelectMany(Directory.GetDirectories)
            .Select(d => (Path: d, Version: Version.TryParse(Path.GetFileName(d).Split('-')[0], out var v) ? v : null))
            .Where(d => d.Version?.Major == major && File.Exists(Path.Combine(d.Path, "Microsoft.AspNetCore.dll")))
            .OrderByDescending(d => d.Version).Select(d => d.Path).FirstOrDefault();
    }
}
