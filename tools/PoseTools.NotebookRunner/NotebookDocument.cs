using System.Text.Json;
using System.Text.Json.Nodes;

namespace PoseTools.NotebookRunner;

/// <summary>A Jupyter notebook (nbformat 4) as Polyglot Notebooks writes it: code cells with a kernel name each.</summary>
public sealed class NotebookDocument
{
    private readonly JsonObject _root;

    private NotebookDocument(string path, JsonObject root)
    {
        Path = path;
        _root = root;
    }

    public string Path { get; }

    public static NotebookDocument Load(string path) =>
        new(System.IO.Path.GetFullPath(path), JsonNode.Parse(File.ReadAllText(path))?.AsObject() ?? throw new InvalidDataException($"{path} is not a notebook"));

    public JsonArray Cells => _root["cells"]?.AsArray() ?? throw new InvalidDataException($"{Path} has no cells");

    public static string Source(JsonNode cell) => cell["source"] switch
    {
        JsonArray lines => string.Concat(lines.Select(l => l!.GetValue<string>())),
        JsonValue text => text.GetValue<string>(),
        _ => "",
    };

    /// <summary>The kernel of a code cell: a leading #!pwsh / #!csharp line wins, then the cell's metadata.</summary>
    public static string Language(JsonNode cell)
    {
        string first = Source(cell).TrimStart().Split('\n', 2)[0].Trim();
        if (first.StartsWith("#!", StringComparison.Ordinal)) return Normalize(first[2..]);
        string? kernel = cell["metadata"]?["polyglot_notebook"]?["kernelName"]?.GetValue<string>()
                         ?? cell["metadata"]?["dotnet_interactive"]?["language"]?.GetValue<string>();
        return Normalize(kernel ?? "csharp");
    }

    private static string Normalize(string kernel) => kernel.ToLowerInvariant() switch
    {
        "pwsh" or "powershell" => "pwsh",
        "csharp" or "c#" => "csharp",
        var other => other,
    };

    public void SetOutputs(JsonNode cell, IEnumerable<JsonObject> outputs, int executionCount)
    {
        cell["outputs"] = new JsonArray(outputs.Cast<JsonNode>().ToArray());
        cell["execution_count"] = executionCount;
    }

    public void Save() => File.WriteAllText(Path, _root.ToJsonString(new JsonSerializerOptions { WriteIndented = true }) + "\n");
}
