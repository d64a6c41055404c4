using System.Management.Automation;
using PoseTools.Export;
using PoseTools.Results;

namespace PoseTools.PowerShell;

/// <summary>Result file formats of Export-Pose.</summary>
public enum PoseExportFormat { Json, Csv, Coco }

/// <summary>Export-Pose: writes results as JSON (PoseTools' schema), CSV (one row per landmark) or COCO keypoints.</summary>
[Cmdlet(VerbsData.Export, "Pose", SupportsShouldProcess = true)]
[OutputType(typeof(FileInfo))]
public sealed class ExportPoseCommand : PSCmdlet
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

    private string _target = "", _temp = "";
    private PoseExportFormat _format;
    private bool _enabled;
    private FileStream? _stream;
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
        if (appending)
        {
            _stream = new FileStream(_target, FileMode.Append, FileAccess.Write, FileShare.Read);
            _csv = new PoseCsvWriter(new StreamWriter(_stream), writeHeader: false);
            return;
        }
        _temp = _target + ".partial";
        _stream = new FileStream(_temp, FileMode.Create, FileAccess.Write, FileShare.None);
        if (_format == PoseExportFormat.Json) _json = new PoseJsonWriter(_stream, leaveOpen: true);
        else if (_format == PoseExportFormat.Csv) _csv = new PoseCsvWriter(new StreamWriter(_stream, leaveOpen: true));
    }

    protected override void ProcessRecord()
    {
        if (!_enabled) return;
        switch (_format)
        {
            case PoseExportFormat.Json: _json!.Write(InputObject); break;
            case PoseExportFormat.Csv: _csv!.Write(InputObject); break;
            default: _coco.Add(InputObject); break;
        }
    }

    protected override void EndProcessing()
    {
        if (!_enabled) return;
        if (_format == PoseExportFormat.Coco) CocoKeypointsWriter.Write(_stream!, _coco);
        Close();
        if (_temp.Length > 0) File.Move(_temp, _target, overwrite: true);
        if (PassThru) WriteObject(new FileInfo(_target));
    }

    protected override void StopProcessing() => Close();

    private void Close()
    {
        _json?.Dispose();
        _csv?.Dispose();
        _stream?.Dispose();
        _json = null;
        _csv = null;
        _stream = null;
    }
}
