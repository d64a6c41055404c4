using System.Management.Automation;

namespace PoseTools.PowerShell;

/// <summary>
/// The file-input conventions every PoseTools cmdlet shares: -Path with wildcards resolved through the PowerShell
/// provider (so it works without Get-ChildItem), -LiteralPath bound from Get-ChildItem's objects by property name
/// (PSPath, FullName), and per-file errors that let the pipeline go on.
/// </summary>
public abstract class FileInputCmdlet : PSCmdlet
{
    protected const string PathSet = "Path", LiteralPathSet = "LiteralPath";

    /// <summary>One or more paths; wildcards are expanded.</summary>
    [Parameter(Mandatory = true, Position = 0, ParameterSetName = PathSet, ValueFromPipeline = true)]
    [ValidateNotNullOrEmpty]
    public string[] Path { get; set; } = [];

    /// <summary>Paths taken as they are (no wildcards); binds from Get-ChildItem output.</summary>
    [Parameter(Mandatory = true, ParameterSetName = LiteralPathSet, ValueFromPipelineByPropertyName = true)]
    [Alias("PSPath", "FullName", "LP")]
    [ValidateNotNullOrEmpty]
    public string[] LiteralPath { get; set; } = [];

    /// <summary>Whether folders are inputs too (Get-Pose reads a folder as an image sequence).</summary>
    protected virtual bool AcceptsDirectories => false;

    // Characters that make a -Path go through PowerShell's globbing: wildcards and the escape that quotes them.
    private static readonly System.Buffers.SearchValues<char> GlobbingCharacters = System.Buffers.SearchValues.Create("*?[]`");

    private bool Exists(string path) => File.Exists(path) || (AcceptsDirectories && Directory.Exists(path));

    /// <summary>The file-system paths named by this record's -Path or -LiteralPath; unresolvable ones are reported as errors.</summary>
    protected IEnumerable<string> ResolveFiles()
    {
        bool literal = ParameterSetName == LiteralPathSet;
        foreach (var raw in literal ? LiteralPath : Path)
        {
            List<string> resolved = [];
            try
            {
                if (literal)
                {
                    string file = SessionState.Path.GetUnresolvedProviderPathFromPSPath(raw, out var provider, out _);
                    if (provider.Name != "FileSystem")
                        throw new PSArgumentException($"{raw} is not a file-system path.");
                    if (!Exists(file))
                    {
                        WriteError(new ErrorRecord(new FileNotFoundException($"Cannot find the file '{file}' because it does not exist.", file),
                            "FileNotFound", ErrorCategory.ObjectNotFound, raw));
                        continue;
                    }
                    resolved.Add(file);
                }
                else if (raw.AsSpan().IndexOfAny(GlobbingCharacters) < 0)
                {
                    // A plain path (no wildcard, no escape) resolves as PowerShell would, without its globbing, which
                    // costs about a millisecond per call: as much as a fifth of the whole of Get-Pose on a small photo.
                    string file = SessionState.Path.GetUnresolvedProviderPathFromPSPath(raw, out var provider, out _);
                    if (provider.Name != "FileSystem")
                        throw new PSArgumentException($"{raw} is not a file-system path.");
                    if (!File.Exists(file) && !Directory.Exists(file))
                        throw new ItemNotFoundException($"Cannot find path '{raw}' because it does not exist.");
                    if (Exists(file)) resolved.Add(file);
                }
                else
                {
                    // As PowerShell's own cmdlets resolve -Path: wildcards expand, escaped ones (`[) stand for themselves,
                    // and a path that matches nothing without wildcards is an ItemNotFound error.
                    var matches = SessionState.Path.GetResolvedProviderPathFromPSPath(raw, out var provider);
                    if (provider.Name != "FileSystem")
                        throw new PSArgumentException($"{raw} is not a file-system path.");
                    resolved.AddRange(matches.Where(Exists).Order(StringComparer.Ordinal));
                }
            }
            catch (ItemNotFoundException e)
            {
                WriteError(new ErrorRecord(e, "PathNotFound", ErrorCategory.ObjectNotFound, raw));
                continue;
            }
            catch (Exception e) when (e is PSArgumentException or NotSupportedException or ArgumentException)
            {
                WriteError(new ErrorRecord(e, "InvalidPath", ErrorCategory.InvalidArgument, raw));
                continue;
            }
            foreach (var file in resolved) yield return file;
        }
    }

    /// <summary>Turns an output path (relative to the PowerShell location, not the process's) into a file-system path.</summary>
    protected string ResolveOutputPath(string path) => SessionState.Path.GetUnresolvedProviderPathFromPSPath(path);
}
