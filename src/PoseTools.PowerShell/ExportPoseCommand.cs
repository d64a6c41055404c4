using System.Management.Automation;
using PoseTools.Export;
using PoseTools.Results;

namespace PoseTools.PowerShell;

/// <summary>Result file formats of Export-Pose.</summary>
public enum PoseExportFormat { Json, Csv, Coco }

/// <summary>
/// Export-Pose: writes results as JSON (PoseTools' schema), CSV (one row per landmark) or COCO keypoints. A new file is
/// written through an <see cref="AtomicFile"/>: it appears whole at the end, and a pipeline that stops or fails leaves
/// neither a partial target nor a temporary file (the engine disposes the cmdlet in every case).
/// </summary>
[Cmdlet(VerbsData.Export, "Pose", SupportsShouldProcess = true)]
[OutputType(typeof(FileInfo))]
public sealed class ExportPoseCommand : PSCmdlet, IDisposable
{
    [Parameter(Mandatory = true, ValueFromPipeline = true)]
    [ValidateNotNull]
    public PoseResult InputObject { get; set; } = null!;

    [Parameter(Mandatory = true, Position = 0)]
    [ValidateNotNullOrEmpty]
    public string Path { get; set; } = "";

    /// <summary>Json, Csv or Coco; by default from the extension (.csv → Csv, otherwise Json).</summary>
    [Parameter]
    public PoseExportFormat? Format { get; set; }

    /// <summary>Adds rows to an existing CSV file (its header is kept). Not possible for the JSON formats.</summary>
    [Parameter] public SwitchParameter Append { get; set; }
    [Parameter] public SwitchParameter Force { get; set; }
    [Parameter] public SwitchParameter NoClobber { get; set; }
    [Parameter] public SwitchParameter PassThru { get; set; }

    private string _target = "";
    private PoseExportFormat _format;
    private bool _enabled;
    private AtomicFile? _file;      // a new file, until committed
    private Stream? _append;        // -Append: the existing CSV file
    private PoseJsonWriter? _json;
    private PoseCsvWriter? _csv;
    private readonly List<PoseResult> _coco = [];

    protected override void BeginProcessing()
    {
        _target = SessionState.Path.GetUnresolvedProviderPathFromPSPath(Path);
        _format = Format ?? (System.IO.Path.GetExtension(_target).Equals(".csv", StringComparison.OrdinalIgnoreCase) ? PoseExportFormat.Csv : PoseExportFormat.Json);
        if (Append && _format != PoseExportFormat.Csv)
            ThrowTerminatingError(new ErrorRecord(new PSArgumentException("-Append works with CSV files only: a JSON document cannot be extended in place."),
                "AppendNotSupported", ErrorCategory.InvalidArgument, _target));
        bool appending = Append && File.Exists(_target) && new FileInfo(_target).Length > 0;
        _enabled = appending ? ShouldProcess(_target, "Append pose rows") : OutputFile.MayWrite(this, _target, NoClobber, Force, $"Write poses as {_format}");
        if (!_enabled) return;
        try
        {
            if (appending)
            {
                _append = new FileStream(_target, FileMode.Append, FileAccess.Write, FileShare.Read);
                _csv = new PoseCsvWriter(new StreamWriter(_append, leaveOpen: true), writeHeader: false);
                return;
            }
            _file = AtomicFile.Create(_target);
            if (_format == PoseExportFormat.Json) _json = new PoseJsonWriter(_file.Stream, leaveOpen: true);
            else if (_format == PoseExportFormat.Csv) _csv = new PoseCsvWriter(new StreamWriter(_file.Stream, leaveOpen: true));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // The message names the file the user asked for, not the temporary one it is written through.
            string reason = _file is null ? e.Message : e.Message.Replace(_file.TempPath, _target, StringComparison.Ordinal);
            ThrowTerminatingError(new ErrorRecord(new IOException($"Cannot write '{_target}': {reason}", e), "ExportOpenFailed", ErrorCategory.OpenError, _target));
        }
    }

    protected override void ProcessRecord()
    {
        if (!_enabled) return;
        try
        {
            switch (_format)
            {
                case PoseExportFormat.Json: _json!.Write(InputObject); break;
                case PoseExportFormat.Csv: _csv!.Write(InputObject); break;
                default: _coco.Add(InputObject); break;
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or InvalidOperationException)
        {
            ThrowTerminatingError(new ErrorRecord(e, "ExportWriteFailed", ErrorCategory.WriteError, _target));
        }
    }

    protected override void EndProcessing()
    {
        if (!_enabled) return;
        try
        {
            if (_format == PoseExportFormat.Coco) CocoKeypointsWriter.Write(_file!.Stream, _coco);
            CloseWriters();
            _file?.Commit();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or InvalidOperationException)
        {
            ThrowTerminatingError(new ErrorRecord(e, "ExportWriteFailed", ErrorCategory.WriteError, _target));
        }
        if (PassThru) WriteObject(new FileInfo(_target));
    }

    // Ctrl+C: nothing is closed here — ProcessRecord may be writing on the pipeline thread. The engine stops the
    // pipeline and then disposes the cmdlet, which discards the unfinished file.

    /// <summary>Closes the writers; an uncommitted file (stopped or failed pipeline) is discarded with its temporary file.</summary>
    public void Dispose()
    {
        try { CloseWriters(); }
        catch (Exception e) when (e is IOException or ObjectDisposedException or InvalidOperationException) { } // the file is discarded anyway
        _file?.Dispose();
        _file = null;
    }

    private void CloseWriters()
    {
        _json?.Dispose();
        _csv?.Dispose();
        _append?.Dispose();
        _json = null;
        _csv = null;
        _append = null;
    }
}
