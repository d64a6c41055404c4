namespace PoseTools.Models;

/// <summary>Whether a model in the cache can be used.</summary>
public enum ModelState
{
    /// <summary>Present, whole and converted by this version: it loads.</summary>
    Installed,
    /// <summary>Not in the folder.</summary>
    Missing,
    /// <summary>Its bytes do not match the manifest's sha256: never loaded until reinstalled.</summary>
    Corrupt,
    /// <summary>Converted by an older PoseTools converter: reinstall to use it.</summary>
    Outdated,
}

/// <summary>One of the four models as found in a cache folder (what Get-PoseModel lists).</summary>
public sealed record PoseModelStatus(
    PoseModel Model,
    string Name,
    ModelComplexity? Complexity,
    ModelState State,
    string Path,
    long? Size,
    string? Sha256,
    string? SourcePackage,
    string? SourceFile,
    string? ConverterVersion,
    DateTimeOffset? InstalledAt);
