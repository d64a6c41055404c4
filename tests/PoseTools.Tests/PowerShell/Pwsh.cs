using System.Diagnostics;
using System.Text;
using System.Text.Json;
using System.Xml.Linq;

namespace PoseTools.Tests.PowerShell;

/// <summary>An error record as real pwsh reported it.</summary>
public sealed record PwshError(string Id, string Category, string Target, string Message)
{
    public override string ToString() => $"{Id} [{Category}] {Target}: {Message}";
}

/// <summary>What one pwsh run printed, by stream: output objects as text, error records, warnings, verbose lines.</summary>
public sealed record PwshRun(int ExitCode, List<string> Output, List<PwshError> Errors, List<string> Warnings, List<string> Verbose, string StdErr);

/// <summary>
/// Runs scripts in real pwsh — the PowerShell tool pinned in .config/dotnet-tools.json, as users run it — with the
/// repository's PoseTools.psd1 imported. Each run is a fresh pwsh process. Output objects come back as their text
/// ("$_"), so scripts select what a test checks; every other stream is redirected into the output and tagged.
/// </summary>
public static class Pwsh
{
    private static readonly Lazy<(string Version, string Entry)> Tool = new(FindTool);

    public static string Manifest => Path.Combine(TestEnvironment.RepoRoot, "PoseTools.psd1");

    /// <summary>The pinned version, e.g. 7.6.9.</summary>
    public static string Version => Tool.Value.Version;

    /// <summary>A process start for pwsh with these arguments (run through the dotnet host, as `dotnet pwsh` does).</summary>
    public static ProcessStartInfo StartInfo(string workingDirectory, params string[] arguments)
    {
        var psi = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = workingDirectory, RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true,
            UseShellExecute = false, StandardOutputEncoding = Encoding.UTF8,
        };
        psi.ArgumentList.Add(Tool.Value.Entry);
        foreach (var a in arguments) psi.ArgumentList.Add(a);
        psi.Environment["NO_COLOR"] = "1";
        psi.Environment["POWERSHELL_TELEMETRY_OPTOUT"] = "1";
        psi.Environment["POWERSHELL_UPDATECHECK"] = "Off";
        return psi;
    }

    /// <summary>Runs a command line as a user types it (no wrapping); returns exit code, stdout and stderr.</summary>
    public static (int Exit, string Out, string Err) Raw(string workingDirectory, TimeSpan? timeout, params string[] arguments)
    {
        using var p = Process.Start(StartInfo(workingDirectory, arguments))!;
        p.StandardInput.Close();
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        if (!p.WaitForExit(timeout ?? TimeSpan.FromMinutes(5)))
        {
            p.Kill(entireProcessTree: true);
            throw new TimeoutException($"pwsh did not finish: {string.Join(' ', arguments)}\n{stderr.Result}");
        }
        return (p.ExitCode, stdout.Result, stderr.Result);
    }

    /// <summary>Runs a script with PoseTools imported; every stream comes back sorted.</summary>
    public static PwshRun Run(string script, string? workingDirectory = null, bool import = true, TimeSpan? timeout = null)
    {
        _ = TestEnvironment.Models; // install the models first, outside any cmdlet
        string wrapped = Wrap(script, import);
        var (exit, stdout, stderr) = Raw(workingDirectory ?? TestEnvironment.RepoRoot, timeout, "-NoProfile", "-NonInteractive", "-Command", wrapped);
        var run = new PwshRun(exit, [], [], [], [], stderr);
        foreach (var line in stdout.Split('\n'))
        {
            if (!line.StartsWith("##", StringComparison.Ordinal)) continue;
            int space = line.IndexOf(' ');
            string tag = line[2..space], json = line[(space + 1)..];
            switch (tag)
            {
                case "OUT": run.Output.Add(JsonSerializer.Deserialize<string>(json)!); break;
                case "WARN": run.Warnings.Add(JsonSerializer.Deserialize<string>(json)!); break;
                case "VERBOSE": run.Verbose.Add(JsonSerializer.Deserialize<string>(json)!); break;
                case "ERROR":
                    using (var doc = JsonDocument.Parse(json))
                    {
                        var e = doc.RootElement;
                        run.Errors.Add(new PwshError(e.GetProperty("id").GetString()!, e.GetProperty("category").GetString()!,
                            e.GetProperty("target").GetString() ?? "", e.GetProperty("message").GetString()!));
                    }
                    break;
            }
        }
        return run;
    }

    /// <summary>Runs a script that must not fail; returns its output lines.</summary>
    public static List<string> Ok(string script, string? workingDirectory = null)
    {
        var run = Run(script, workingDirectory);
        if (run.Errors.Count > 0 || run.ExitCode != 0)
            throw new Xunit.Sdk.XunitException($"script failed (exit {run.ExitCode}): {string.Join("\n", run.Errors)}\n{run.StdErr}\n{script}");
        return run.Output;
    }

    /// <summary>A single-quoted PowerShell string literal.</summary>
    public static string Quote(string text) => "'" + text.Replace("'", "''") + "'";

    private static string Wrap(string script, bool import) => $$"""
        $ErrorActionPreference = 'Continue'
        $ProgressPreference = 'SilentlyContinue'
        {{(import ? $"Import-Module {Quote(Manifest)} -ErrorAction Stop" : "")}}
        function __tag([string]$t, $v) { '##' + $t + ' ' + (ConvertTo-Json -InputObject $v -Compress -Depth 2) }
        # No try/catch around the script: inside one, a statement-terminating error would end the whole script.
        & { . { {{script}}
            } *>&1 } | ForEach-Object {
            if ($_ -is [System.Management.Automation.ErrorRecord]) {
                __tag 'ERROR' ([ordered]@{ id = $_.FullyQualifiedErrorId; category = "$($_.CategoryInfo.Category)"; target = "$($_.TargetObject)"; message = $_.Exception.Message })
            } elseif ($_ -is [System.Management.Automation.WarningRecord]) { __tag 'WARN' $_.Message }
            elseif ($_ -is [System.Management.Automation.VerboseRecord]) { __tag 'VERBOSE' $_.Message }
            elseif ($_ -is [System.Management.Automation.DebugRecord] -or $_ -is [System.Management.Automation.InformationRecord]) { }
            else { __tag 'OUT' "$_" }
        }
        """;

    private static (string, string) FindTool()
    {
        using var manifest = JsonDocument.Parse(File.ReadAllText(Path.Combine(TestEnvironment.RepoRoot, ".config", "dotnet-tools.json")));
        string version = manifest.RootElement.GetProperty("tools").GetProperty("powershell").GetProperty("version").GetString()!;
        string packages = Environment.GetEnvironmentVariable("NUGET_PACKAGES") is { Length: > 0 } p ? p
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
        string toolRoot = Path.Combine(packages, "powershell", version, "tools");
        var settings = Directory.Exists(toolRoot) ? Directory.GetFiles(toolRoot, "DotnetToolSettings.xml", SearchOption.AllDirectories).FirstOrDefault() : null;
        if (settings is null)
            throw new InvalidOperationException($"pwsh {version} is not restored ({toolRoot}): run tools/setup (dotnet tool restore).");
        // The tool's entry point is a shim that starts pwsh as a child process, which a signal to the shim never reaches
        // (Ctrl+C in a terminal reaches both); run pwsh itself, as the shim does.
        string folder = Path.GetDirectoryName(settings)!;
        string pwsh = Path.Combine(folder, OperatingSystem.IsWindows() ? "win" : "unix", "pwsh.dll");
        string entry = File.Exists(pwsh) ? pwsh : Path.Combine(folder, XDocument.Load(settings).Descendants("Command").Single().Attribute("EntryPoint")!.Value);
        return (version, entry);
    }
}
