using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Json.Schema;
using PoseTools.Export;

namespace PoseTools.Tests.Export;

/// <summary>Checks exports against the documented formats: JSON against docs/result-schema.json, CSV and COCO field by field.</summary>
public static class ResultSchema
{
    private static readonly Lazy<JsonSchema> Schema = new(() =>
        JsonSchema.FromText(File.ReadAllText(Path.Combine(TestEnvironment.RepoRoot, "docs", "result-schema.json"))));

    /// <summary>Throws, naming the first violations, unless the JSON export is valid.</summary>
    public static void ValidateJson(string json)
    {
        using var document = JsonDocument.Parse(json);
        var result = Schema.Value.Evaluate(document.RootElement, new EvaluationOptions { OutputFormat = OutputFormat.List });
        if (!result.IsValid)
        {
            var problems = (result.Details ?? []).Where(d => d.Errors is { Count: > 0 })
                .SelectMany(d => d.Errors!.Select(e => $"{d.InstanceLocation}: {e.Value}")).Take(5);
            throw new Xunit.Sdk.XunitException("the JSON export does not follow docs/result-schema.json:\n" + string.Join("\n", problems));
        }
    }

    /// <summary>Every CSV row has the header's columns, and every number in it is finite.</summary>
    public static int ValidateCsv(string csv)
    {
        var lines = csv.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.TrimEnd('\r')).ToList();
        Assert.Equal(PoseCsvWriter.Header, lines[0]);
        var header = lines[0].Split(',');
        foreach (var line in lines.Skip(1))
        {
            var fields = Fields(line);
            Assert.Equal(header.Length, fields.Count);
            for (int i = 0; i < header.Length; i++)
            {
                if (header[i] is "source" or "landmark" || fields[i].Length == 0) continue;
                Assert.True(double.TryParse(fields[i], NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && double.IsFinite(value),
                    $"{header[i]} = '{fields[i]}' in: {line}");
            }
            Assert.InRange(double.Parse(fields[Array.IndexOf(header, "visibility")], CultureInfo.InvariantCulture), 0, 1);
        }
        return lines.Count - 1;
    }

    /// <summary>A COCO keypoints file: 17 × [x, y, v] per annotation, finite, v ∈ {0, 1, 2}, and images for every annotation.</summary>
    public static int ValidateCoco(string json)
    {
        using var doc = JsonDocument.Parse(json);
        var root = doc.RootElement;
        var images = root.GetProperty("images").EnumerateArray().Select(i => i.GetProperty("id").GetInt64()).ToHashSet();
        int count = 0;
        foreach (var a in root.GetProperty("annotations").EnumerateArray())
        {
            Assert.Contains(a.GetProperty("image_id").GetInt64(), images);
            var k = a.GetProperty("keypoints").EnumerateArray().Select(v => v.GetDouble()).ToList();
            Assert.Equal(51, k.Count);
            Assert.All(k, v => Assert.True(double.IsFinite(v)));
            Assert.All(k.Where((_, i) => i % 3 == 2), v => Assert.Contains(v, new[] { 0.0, 1.0, 2.0 }));
            Assert.InRange(a.GetProperty("score").GetDouble(), 0, 1);
            Assert.Equal(4, a.GetProperty("bbox").GetArrayLength());
            count++;
        }
        return count;
    }

    private static List<string> Fields(string line)
    {
        var fields = new List<string>();
        var field = new System.Text.StringBuilder();
        bool quoted = false;
        for (int i = 0; i < line.Length; i++)
        {
            char c = line[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < line.Length && line[i + 1] == '"') { field.Append('"'); i++; }
                else if (c == '"') quoted = false;
                else field.Append(c);
            }
            else if (c == '"') quoted = true;
            else if (c == ',') { fields.Add(field.ToString()); field.Clear(); }
            else field.Append(c);
        }
        fields.Add(field.ToString());
        return fields;
    }
}
