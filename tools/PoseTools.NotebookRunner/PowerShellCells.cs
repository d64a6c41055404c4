using System.Diagnostics;

namespace PoseTools.NotebookRunner;

/// <summary>
/// Runs PowerShell cells with PoseTools.Shell (the real PowerShell engine, hosted, with the module imported), one
/// process per cell, in the notebook's folder. Its formatted output becomes the cell's text output.
/// </summary>
public sealed class PowerShellCells(string shellDll, string workingDirectory)
{
    public async Task<List<CellOutput>> RunAsync(string source)
    {
        string script = string.Join('\n', source.Split('\n').Where(l => !l.TrimStart().StartsWith("#!pwsh", StringComparison.Ordinal)));
        var psi = new ProcessStartInfo("dotnet") { WorkingDirectory = workingDirectory, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in new[] { shellDll, "-NoProfile", "-Command", script }) psi.ArgumentList.Add(a);
        psi.Environment["NO_COLOR"] = "1";
        using var process = Process.Start(psi)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        var outputs = new List<CellOutput>();
        string text = (await stdout).TrimEnd();
        if (text.Length > 0) outputs.Add(CellOutput.Stream(text + "\n"));
        string errors = (await stderr).Trim();
        if (process.ExitCode != 0) outputs.Add(CellOutput.Error(errors.Length > 0 ? errors : $"exit code {process.ExitCode}"));
        return outputs;
    }
}
