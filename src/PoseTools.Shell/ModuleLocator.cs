namespace PoseTools.Shell;

/// <summary>Finds PoseTools.psd1: $env:POSETOOLS_MODULE, else the nearest one above this program or the current folder.</summary>
internal static class ModuleLocator
{
    public const string ManifestName = "PoseTools.psd1";

    public static string? Find()
    {
        var fromEnvironment = Environment.GetEnvironmentVariable("POSETOOLS_MODULE");
        if (!string.IsNullOrWhiteSpace(fromEnvironment))
            return Directory.Exists(fromEnvironment) ? Path.Combine(fromEnvironment, ManifestName) : fromEnvironment;
        foreach (var start in new[] { AppContext.BaseDirectory, Directory.GetCurrentDirectory() })
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                var candidate = Path.Combine(dir.FullName, ManifestName);
                if (File.Exists(candidate)) return candidate;
            }
        return null;
    }
}
