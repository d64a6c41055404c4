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
            var manifest = Parse(File.ReadAllText(path));
            Parsed[path] = (stamp, manifest);
            return manifest;
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException or FormatException or ArgumentException)
        {
            throw new ModelCorruptException($"The model manifest {path} is unreadable ({e.Message}). Reinstall the models (ModelStore.Install with force).");
        }
    }

    // Read from a JsonDocument by hand: a process's first Get-Pose reads the manifest, and System.Text.Json's serializer
    // took 74–90 ms to read it the first time in pwsh (45 ms source-generated, most of it building its type metadata),
    // of a first call of ~0.75 s. Writing (at install) stays with the serializer; this reads what ToJson writes.
    private static ModelManifest Parse(string json)
    {
        using var document = JsonDocument.Parse(json);
        var root = document.RootElement;
        return new ModelManifest(
            root.GetProperty("formatVersion").GetInt32(),
            Text(root, "sourcePackage"),
            Text(root, "sourceIntegrity"),
            Text(root, "converterVersion"),
            root.GetProperty("installedAt").GetDateTimeOffset(),
            root.GetProperty("models").EnumerateArray().Select(m => new InstalledModel(
                Enum.Parse<PoseModel>(Text(m, "model")),
                Text(m, "name"),
                m.GetProperty("complexity").ValueKind == JsonValueKind.Null ? null : Enum.Parse<ModelComplexity>(Text(m, "complexity")),
                Text(m, "file"),
                m.GetProperty("size").GetInt64(),
                Text(m, "sha256"),
                Text(m, "sourceFile"),
                Text(m, "sourceSha256"))).ToList());
    }

    private static string Text(JsonElement parent, string name) =>
        parent.GetProperty(name).GetString() ?? throw new JsonException($"'{name}' is null");
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
