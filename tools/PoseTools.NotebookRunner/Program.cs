using System.Text.Json;
using System.Text.Json.Nodes;
using PoseTools.Interactive;
using PoseTools.NotebookRunner;

// Runs notebooks' cells in order and reports every output.
//   PoseTools.NotebookRunner <notebook.ipynb>... [-Write] [-Report report.json]
//   -Write   stores the outputs in the notebooks (charts without the 3.6 MB plotly.js: a static preview shows
//            until the notebook is run, which embeds it once)
//   -Report  writes every cell's outputs as JSON (the tests read it)
// Exit code 1 when a cell fails.
var notebooks = args.Where(a => !a.StartsWith('-') && a.EndsWith(".ipynb", StringComparison.OrdinalIgnoreCase)).ToList();
bool write = args.Contains("-Write", StringComparer.OrdinalIgnoreCase);
int reportIndex = Array.FindIndex(args, a => a.Equals("-Report", StringComparison.OrdinalIgnoreCase));
string? reportPath = reportIndex >= 0 && reportIndex + 1 < args.Length ? Path.GetFullPath(args[reportIndex + 1]) : null;
if (notebooks.Count == 0)
{
    Console.Error.WriteLine("usage: PoseTools.NotebookRunner <notebook.ipynb>... [-Write] [-Report report.json]");
    return 64;
}
if (write)
{
    ChartHtml.LibraryMode = PlotlyLibrary.Never;
    ImageHtml.MaxSide = 420; // stored outputs are for reading on GitHub: keep the files small
}
// PoseTools.Shell of the same configuration, from the repository this runner was built in.
string runnerDir = AppContext.BaseDirectory;
string configuration = runnerDir.Contains($"{Path.DirectorySeparatorChar}Debug{Path.DirectorySeparatorChar}") ? "Debug" : "Release";
var repo = new DirectoryInfo(runnerDir);
while (repo is not null && !File.Exists(Path.Combine(repo.FullName, "PoseTools.sln"))) repo = repo.Parent;
string shell = Path.Combine(repo?.FullName ?? ".", "src", "PoseTools.Shell", "bin", configuration, "net10.0", "PoseTools.Shell.dll");

var report = new JsonArray();
bool failed = false;
foreach (var path in notebooks)
{
    var notebook = NotebookDocument.Load(path);
    string folder = Path.GetDirectoryName(notebook.Path)!;
    Directory.SetCurrentDirectory(folder); // a kernel starts in the notebook's folder: relative paths mean the same
    NotebookFormatters.Register();
    var csharp = new CSharpCells();
    var pwsh = new PowerShellCells(shell, folder);
    var cells = new JsonArray();
    int count = 0;
    foreach (var cell in notebook.Cells.OfType<JsonObject>())
    {
        if (cell["cell_type"]?.GetValue<string>() != "code") continue;
        string source = NotebookDocument.Source(cell), language = NotebookDocument.Language(cell);
        count++;
        var watch = System.Diagnostics.Stopwatch.StartNew();
        var outputs = language switch
        {
            "csharp" => await csharp.RunAsync(source),
            "pwsh" => await pwsh.RunAsync(source),
            _ => [CellOutput.Error($"the runner has no '{language}' kernel")],
        };
        bool error = outputs.Any(o => o.Kind == "error");
        Console.Error.WriteLine($"{Path.GetFileName(path)} cell {count} ({language}): {(error ? "FAILED" : "ok")} in {watch.Elapsed.TotalSeconds:F1} s");
        if (error) Console.Error.WriteLine(outputs.First(o => o.Kind == "error").Text);
        failed |= error;
        notebook.SetOutputs(cell, outputs.Select(o => o.ToJson(count)), count);
        cells.Add(new JsonObject
        {
            ["index"] = count,
            ["language"] = language,
            ["source"] = source,
            ["outputs"] = new JsonArray(outputs.Select(o => (JsonNode)new JsonObject
            {
                ["kind"] = o.Kind, ["text"] = o.Text, ["html"] = o.Html, ["valueType"] = o.ValueType,
            }).ToArray()),
        });
        if (error) break; // later cells depend on this one
    }
    if (write && !failed) notebook.Save();
    report.Add(new JsonObject { ["notebook"] = notebook.Path, ["cells"] = cells });
}
if (reportPath is not null) File.WriteAllText(reportPath, report.ToJsonString(new JsonSerializerOptions { WriteIndented = false }));
return failed ? 1 : 0;
