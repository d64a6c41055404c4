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
/// Every notebook in notebooks/ run once by tools/PoseTools.NotebookRunner (a separate process: it changes the current
/// directory and the console, as a kernel does), with the runner's report of every cell's outputs.
/// </summary>
public sealed partial class NotebookRun
{
    public static string Folder => Path.Combine(TestEnvironment.RepoRoot, "notebooks");
    public static IReadOnlyList<string> Notebooks => Directory.GetFiles(Folder, "*.ipynb").Order(StringComparer.Ordinal).ToList();

    public NotebookRun()
    {
        _ = TestEnvironment.Models;
        string report = Path.Combine(TestEnvironment.NewTempDirectory("posetools-notebooks"), "report.json");
        var psi = new ProcessStartInfo("dotnet") { WorkingDirectory = Folder, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        psi.ArgumentList.Add(RunnerDll);
        foreach (var n in Notebooks) psi.ArgumentList.Add(n);
        psi.ArgumentList.Add("-Report");
        psi.ArgumentList.Add(report);
        psi.Environment["POSETOOLS_CLIP"] = TestEnvironment.DataFile("pushup_incorrect_001.mp4");
        using var process = Process.Start(psi)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        Log = process.StandardError.ReadToEnd();
        process.WaitForExit();
        _ = stdout.Result;
        ExitCode = process.ExitCode;
        if (!File.Exists(report)) throw new InvalidOperationException($"the notebook runner wrote no report (exit {ExitCode}):\n{Log}");
        foreach (var notebook in JsonNode.Parse(File.ReadAllText(report))!.AsArray())
        {
            var cells = notebook!["cells"]!.AsArray().Select(c => new CellResult(
                c!["index"]!.GetValue<int>(), c["language"]!.GetValue<string>(), c["source"]!.GetValue<string>(),
                c["outputs"]!.AsArray().Select(o => (o!["kind"]!.GetValue<string>(), o["text"]?.GetValue<string>(), o["html"]?.GetValue<string>(), o["valueType"]?.GetValue<string>())).ToList()))
                .ToList();
            Cells[Path.GetFileName(notebook["notebook"]!.GetValue<string>())] = cells;
        }
    }

    public int ExitCode { get; }
    public string Log { get; }
    public Dictionary<string, List<CellResult>> Cells { get; } = [];

    /// <summary>The cell whose source contains <paramref name="code"/>.</summary>
    public CellResult Cell(string notebook, string code) =>
        Cells[notebook].SingleOrDefault(c => c.Source.Contains(code, StringComparison.Ordinal))
        ?? throw new Xunit.Sdk.XunitException($"{notebook}: no cell with '{code}'");

    private static string RunnerDll
    {
        get
        {
            string configuration = AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Debug{Path.DirectorySeparatorChar}") ? "Debug" : "Release";
            return Path.Combine(TestEnvironment.RepoRoot, "tools", "PoseTools.NotebookRunner", "bin", configuration, "net10.0", "PoseTools.NotebookRunner.dll");
        }
    }

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
