namespace PoseTools.Models;

/// <summary>Whether a model in the cache can be used.</summary>
public enum ModelState { Installed, Missing, Corrupt, Outdated }

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
