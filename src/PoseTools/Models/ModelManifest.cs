using System.Text.Json;
using System.Text.Json.Serialization;

namespace PoseTools.Models;

/// <summary>What is installed in a model cache folder: written last, atomically, by <c>ModelStore.Install</c>.</summary>
public sealed record ModelManifest(
    int FormatVersion,
    string SourcePackage,
    string SourceIntegrity,
    string ConverterVersion,
    DateTimeOffset InstalledAt,
    IReadOnlyList<InstalledModel> Models)
{
    /// <summary>The manifest's file name in the model folder.</summary>
    public const string FileName = "manifest.json";
    /// <summary>The manifest format this version writes and reads.</summary>
    public const int CurrentFormat = 1;

    private static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        Converters = { new JsonStringEnumConverter() },
    };

    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, ((long, DateTime) Stamp, ModelManifest Manifest)> Parsed = new();

    /// <summary>The manifest as JSON.</summary>
    public string ToJson() => JsonSerializer.Serialize(this, Json);

    /// <summary>Reads a manifest; null when absent, <see cref="ModelCorruptException"/> when unreadable.</summary>
    public static ModelManifest? TryRead(string directory)
    {
        var path = Path.Combine(directory, FileName);
        var file = new FileInfo(path);
        if (!file.Exists) return null;
        // Every cmdlet call checks the models: parse a manifest once per version of the file, not on each call.
        var stamp = (file.Length, file.LastWriteTimeUtc);
        if (Parsed.TryGetValue(path, out var known) && known.Stamp == stamp) return known.Manifest;
        try
        {
            var manifest = JsonSerializer.Deserialize<ModelManifest>(File.ReadAllText(path), Json)
                           ?? throw new JsonException("empty manifest");
            Parsed[path] = (stamp, manifest);
            return manifest;
        }
        catch (JsonException e)
        {
            throw new ModelCorruptException($"The model manifest {path} is unreadable ({e.Message}). Reinstall the models (ModelStore.Install with force).");
        }
    }
}

/// <summary>One converted model in the cache.</summary>
public sealed record InstalledModel(
    PoseModel Model,
    string Name,
    ModelComplexity? Complexity,
    string File,
    long Size,
    string Sha256,
    string SourceFile,
    string SourceSha256);
