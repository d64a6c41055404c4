using System.Text.Json.Nodes;

namespace PoseTools.NotebookRunner;

/// <summary>One output of a cell: printed text, a displayed value, the cell's value, or an error.</summary>
public sealed record CellOutput(string Kind, string? Text, string? Html, string? ValueType)
{
    public static CellOutput Stream(string text) => new("stream", text, null, null);
    public static CellOutput Error(string message) => new("error", message, null, null);

    /// <summary>The nbformat 4 JSON of this output.</summary>
    public JsonObject ToJson(int executionCount)
    {
        // nbformat stores multi-line strings as a list of lines, each ending in a newline but the last.
        static JsonArray Lines(string text)
        {
            var lines = text.Split('\n');
            var nodes = new List<JsonNode>();
            for (int i = 0; i < lines.Length; i++)
            {
                string line = i < lines.Length - 1 ? lines[i] + "\n" : lines[i];
                if (line.Length > 0) nodes.Add(JsonValue.Create(line));
            }
            return new JsonArray(nodes.ToArray());
        }
        switch (Kind)
        {
            case "stream":
                return new JsonObject { ["output_type"] = "stream", ["name"] = "stdout", ["text"] = Lines(Text ?? "") };
            case "error":
                return new JsonObject { ["output_type"] = "error", ["ename"] = "Error", ["evalue"] = Text, ["traceback"] = new JsonArray() };
            default:
                var data = new JsonObject();
                if (Html is not null) data["text/html"] = Lines(Html);
                if (Text is not null) data["text/plain"] = Lines(Text);
                var output = new JsonObject { ["output_type"] = Kind, ["data"] = data, ["metadata"] = new JsonObject() };
                if (Kind == "execute_result") output["execution_count"] = executionCount;
                return output;
        }
    }
}
