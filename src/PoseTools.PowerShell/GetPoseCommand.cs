using System.Diagnostics;
using System.Management.Automation;
using OpenCvSharp;
using PoseTools.Imaging;
using PoseTools.Inference;
using PoseTools.Models;
using PoseTools.Results;

namespace PoseTools.PowerShell;

/// <summary>Get-Pose: finds human poses (33 body landmarks) in images.</summary>
[Cmdlet(VerbsCommon.Get, "Pose", DefaultParameterSetName = PathSet)]
[OutputType(typeof(PoseResult))]
public sealed class GetPoseCommand : FileInputCmdlet
{
    private const string InputObjectSet = "InputObject";

    /// <summary>An image already in memory: encoded bytes (byte[]), a readable Stream, or an OpenCvSharp Mat.</summary>
    [Parameter(Mandatory = true, ParameterSetName = InputObjectSet)]
    [ValidateNotNull]
    public object InputObject { get; set; } = null!;

    [Parameter]
    public ModelComplexity ModelComplexity { get; set; } = ModelComplexity.Full;

    [Parameter]
    [ValidateRange(1, 100)]
    public int MaxPoses { get; set; } = 1;

    [Parameter]
    [ValidateRange(0.0, 1.0)]
    public float MinDetectionConfidence { get; set; } = 0.5f;

    [Parameter]
    [ValidateRange(0.0, 1.0)]
    public float MinPresenceConfidence { get; set; } = 0.5f;

    [Parameter]
    public SwitchParameter Segmentation { get; set; }

    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? ModelDirectory { get; set; }

    private PoseEstimator _estimator = null!;
    private readonly CancellationTokenSource _stop = new();
    private int _done;
    private readonly Stopwatch _clock = new();

    protected override void BeginProcessing()
    {
        var store = new ModelStore(ModelDirectory is null ? null : ResolveOutputPath(ModelDirectory));
        ModelInstallation.EnsureInstalled(this, store, _stop.Token);
        try
        {
            _estimator = EstimatorCache.Get(new PoseEstimatorOptions
            {
                ModelComplexity = ModelComplexity,
                MaxPoses = MaxPoses,
                MinDetectionConfidence = MinDetectionConfidence,
                MinPresenceConfidence = MinPresenceConfidence,
                Segmentation = Segmentation,
                ModelDirectory = store.Directory,
            });
        }
        catch (ModelStoreException e)
        {
            ThrowTerminatingError(new ErrorRecord(e, "ModelNotAvailable", ErrorCategory.ResourceUnavailable, store.Directory));
        }
        _clock.Start();
    }

    protected override void ProcessRecord()
    {
        if (ParameterSetName == InputObjectSet)
        {
            Process(InputObject, "InputObject", 0, 0);
            return;
        }
        var files = ResolveFiles().ToList();
        for (int i = 0; i < files.Count; i++)
        {
            if (_stop.IsCancellationRequested) return;
            Process(files[i], files[i], i, files.Count);
        }
        if (files.Count > 1) WriteProgress(new ProgressRecord(1, "Get-Pose", "Done") { RecordType = ProgressRecordType.Completed });
    }

    private void Process(object input, string target, int index, int count)
    {
        if (count > 1) WriteProgress(Progress(target, index, count));
        if (input is PSObject wrapped) input = wrapped.BaseObject;
        try
        {
            var result = input switch
            {
                string path => _estimator.Estimate(path),
                byte[] bytes => _estimator.Estimate(bytes, "bytes"),
                Stream stream => _estimator.Estimate(stream, "stream"),
                Mat mat => _estimator.Estimate(mat, "image"),
                _ => throw new PSArgumentException($"-InputObject takes encoded image bytes (byte[]), a Stream or an OpenCvSharp Mat, not {input.GetType().Name}."),
            };
            _done++;
            if (result.Poses.Count == 0) WriteVerbose($"No person found in {result.Source}.");
            WriteObject(result);
        }
        catch (InvalidImageException e)
        {
            WriteError(new ErrorRecord(e, "InvalidImage", ErrorCategory.InvalidData, target) { ErrorDetails = new ErrorDetails(e.Message) });
        }
        catch (FileNotFoundException e)
        {
            WriteError(new ErrorRecord(e, "FileNotFound", ErrorCategory.ObjectNotFound, target));
        }
        catch (UnauthorizedAccessException e)
        {
            WriteError(new ErrorRecord(e, "AccessDenied", ErrorCategory.PermissionDenied, target));
        }
        catch (IOException e)
        {
            WriteError(new ErrorRecord(e, "ReadError", ErrorCategory.ReadError, target));
        }
        catch (PSArgumentException e)
        {
            WriteError(new ErrorRecord(e, "UnsupportedInput", ErrorCategory.InvalidArgument, input));
        }
    }

    private ProgressRecord Progress(string file, int index, int count)
    {
        var record = new ProgressRecord(1, "Get-Pose", $"{index + 1} of {count}: {System.IO.Path.GetFileName(file)}")
        {
            PercentComplete = 100 * index / count,
        };
        if (_done > 0) record.SecondsRemaining = (int)(_clock.Elapsed.TotalSeconds / _done * (count - index));
        return record;
    }

    protected override void StopProcessing() => _stop.Cancel();
}
