using System.Diagnostics;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using OpenCvSharp;

namespace PoseTools.Tests.Notebooks;

/// <summary>One output of a notebook cell as the runner reports it.</summary>
public sealed record CellResult(int Index, string Language, string Source, IReadOnlyList<(string Kind, string? Text, string? Html, string? ValueType)> Outputs)
{
    public string? Html => Outputs.Select(o => o.Html).LastOrDefault(h => h is not null);
    public string Text => string.Concat(Outputs.Select(o => o.Text));
}

/// <summary>
/// Every notebook in notebooks/ executed in the real .NET Interactive kernel (the pinned dotnet-interactive tool,
/// registered with Jupyter by the set-up) by Jupyter's own nbconvert — the command the README gives, run as written
/// for each notebook — and every cell's outputs read back from the executed notebook.
/// </summary>
public sealed partial class NotebookRun
{
    public static string Folder => Path.Combine(TestEnvironment.RepoRoot, "notebooks");
    public static IReadOnlyList<string> Notebooks => Directory.GetFiles(Folder, "*.ipynb").Order(StringComparer.Ordinal).ToList();

    /// <summary>The README's command that runs a notebook headless, for the getting-started notebook.</summary>
    public static string ReadmeCommand
    {
        get
        {
            var line = File.ReadLines(Path.Combine(TestEnvironment.RepoRoot, "README.md")).SingleOrDefault(l => l.StartsWith("jupyter nbconvert ", StringComparison.Ordinal));
            return line ?? throw new InvalidOperationException("README.md gives no 'jupyter nbconvert' command line");
        }
    }

    public NotebookRun()
    {
        _ = TestEnvironment.Models;
        string template = ReadmeCommand;
        Assert.Contains("notebooks/01-getting-started.ipynb", template);
        var log = new System.Text.StringBuilder();
        // One at a time: kernels started together race for the same HTTP port (2048 of --http-port-range) and one dies.
        foreach (var notebook in Notebooks)
        {
            string name = Path.GetFileName(notebook);
            string outDir = TestEnvironment.NewTempDirectory("posetools-notebooks");
            string command = template.Replace("notebooks/01-getting-started.ipynb", "notebooks/" + name, StringComparison.Ordinal)
                .Replace("out/notebooks", outDir, StringComparison.Ordinal);
            var psi = new ProcessStartInfo("bash") { WorkingDirectory = TestEnvironment.RepoRoot, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            psi.ArgumentList.Add("-c");
            psi.ArgumentList.Add(command);
            using var process = Process.Start(psi)!;
            var stdout = process.StandardOutput.ReadToEndAsync();
            string stderr = process.StandardError.ReadToEnd();
            process.WaitForExit();
            log.Append($"== {command}\nexit {process.ExitCode}\n{stdout.Result}{stderr}\n");
            string executed = Path.Combine(outDir, name);
            if (process.ExitCode != 0 || !File.Exists(executed)) { Failed.Add(name); continue; }
            var cells = JsonNode.Parse(File.ReadAllText(executed))!["cells"]!.AsArray()
                .Where(c => c!["cell_type"]!.GetValue<string>() == "code")
                .Select((c, i) => new CellResult(i, Language(c!), Text(c!["source"]), c!["outputs"]!.AsArray().Select(Output).ToList()))
                .ToList();
            Cells[name] = cells;
        }
        Log = log.ToString();
    }

    public List<string> Failed { get; } = [];
    public string Log { get; }
    public Dictionary<string, List<CellResult>> Cells { get; } = [];

    private static string Language(JsonNode cell) =>
        cell["metadata"]?["dotnet_interactive"]?["language"]?.GetValue<string>() ?? (Text(cell["source"]).StartsWith("#!pwsh") ? "pwsh" : "csharp");

    /// <summary>nbformat keeps text either as one string or as a list of lines.</summary>
    private static string Text(JsonNode? node) => node switch
    {
        null => "",
        JsonArray lines => string.Concat(lines.Select(l => l!.GetValue<string>())),
        _ => node.GetValue<string>(),
    };

    private static (string Kind, string? Text, string? Html, string? ValueType) Output(JsonNode? output)
    {
        string type = output!["output_type"]!.GetValue<string>();
        return type switch
        {
            "stream" => ("stream", Text(output["text"]), null, null),
            "error" => ("error", output["ename"]?.GetValue<string>() + ": " + output["evalue"]?.GetValue<string>(), null, null),
            _ => (type, Text(output["data"]?["text/plain"]), output["data"]?["text/html"] is { } html ? Text(html) : null, null),
        };
    }

    /// <summary>The cell whose source contains <paramref name="code"/>.</summary>
    public CellResult Cell(string notebook, string code) =>
        Cells[notebook].SingleOrDefault(c => c.Source.Contains(code, StringComparison.Ordinal))
        ?? throw new Xunit.Sdk.XunitException($"{notebook}: no cell with '{code}'");

    /// <summary>The images of an HTML output: each data-URI PNG decoded, with the size its tag declares.</summary>
    public static List<(Mat Image, int Width, int Height, string Alt)> Images(string html) =>
        ImageTag().Matches(html).Select(m => (Cv2.ImDecode(Convert.FromBase64String(m.Groups["data"].Value), ImreadModes.Color),
            int.Parse(m.Groups["w"].Value), int.Parse(m.Groups["h"].Value), m.Groups["alt"].Value)).ToList();

    /// <summary>The Plotly figures of an HTML output (the JSON each chart draws).</summary>
    public static List<JsonObject> Figures(string html) =>
        FigureScript().Matches(html).Select(m => JsonNode.Parse(m.Groups["json"].Value)!.AsObject()).ToList();

    [GeneratedRegex(@"<img src=""data:image/png;base64,(?<data>[A-Za-z0-9+/=]+)"" width=""(?<w>\d+)"" height=""(?<h>\d+)"" alt=""(?<alt>[^""]*)""")]
    private static partial Regex ImageTag();

    [GeneratedRegex(@"var figure = (?<json>\{.*?\});function draw", RegexOptions.Singleline)]
    private static partial Regex FigureScript();
}
