using System.Diagnostics;
using System.Management.Automation;
using OpenCvSharp;
using PoseTools.Imaging;
using PoseTools.Inference;
using PoseTools.Models;
using PoseTools.Results;

namespace PoseTools.PowerShell;

/// <summary>Get-Pose: finds human poses (33 body landmarks) in images, videos and image sequences.</summary>
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

    /// <summary>Decode large JPEGs (phone photos) at a reduced scale: much faster, landmarks not bit-identical to a full decode.</summary>
    [Parameter]
    public SwitchParameter ReducedDecoding { get; set; }

    /// <summary>Treat all the images this call names as the frames of one video (in name order).</summary>
    [Parameter(ParameterSetName = PathSet)]
    [Parameter(ParameterSetName = LiteralPathSet)]
    public SwitchParameter Sequence { get; set; }

    /// <summary>Frame rate of image sequences, for their timestamps.</summary>
    [Parameter]
    [ValidateRange(0.1, 1000.0)]
    public double FrameRate { get; set; } = 30;

    /// <summary>Videos: do not smooth the landmarks (tracking still steers the regions).</summary>
    [Parameter]
    public SwitchParameter NoSmoothing { get; set; }

    /// <summary>Videos: treat every frame as an independent photo (detector on each frame, no person ids).</summary>
    [Parameter]
    public SwitchParameter NoTracking { get; set; }

    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? ModelDirectory { get; set; }

    /// <summary>Photos analysed at the same time (as ForEach-Object -Parallel names it); results still come out in input order.</summary>
    [Parameter]
    [ValidateRange(1, 64)]
    public int ThrottleLimit { get; set; } = 2 * Environment.ProcessorCount;

    protected override bool AcceptsDirectories => true;

    private PoseEstimator _estimator = null!;
    private PoseEstimator? _sideBySide;
    private readonly CancellationTokenSource _stop = new();
    private readonly List<string> _sequence = [];
    private InputOrderQueue<PoseResult> _photos = null!;

    protected override void BeginProcessing()
    {
        _photos = new InputOrderQueue<PoseResult>(ThrottleLimit);
        var store = new ModelStore(ModelDirectory is null ? null : ResolveOutputPath(ModelDirectory));
        ModelInstallation.EnsureInstalled(this, store, [PoseModel.Detector, ModelComplexity.LandmarkModel()], _stop.Token);
        try
        {
            var options = new PoseEstimatorOptions
            {
                ModelComplexity = ModelComplexity,
                MaxPoses = MaxPoses,
                MinDetectionConfidence = MinDetectionConfidence,
                MinPresenceConfidence = MinPresenceConfidence,
                Segmentation = Segmentation,
                ReducedDecoding = ReducedDecoding,
                ModelDirectory = store.Directory,
            };
            _estimator = PoseEstimatorPool.Shared.Get(options);
        }
        catch (ModelStoreException e)
        {
            ThrowTerminatingError(ModelInstallation.Error(e, "ModelNotAvailable", ErrorCategory.ResourceUnavailable, store.Directory));
        }
    }

    protected override void ProcessRecord()
    {
        if (ParameterSetName == InputObjectSet)
        {
            ProcessImage(InputObject);
            return;
        }
        var paths = ResolveFiles().ToList();
        if (Sequence)
        {
            _sequence.AddRange(paths.Where(File.Exists));
            return;
        }
        var clock = Stopwatch.StartNew();
        for (int i = 0; i < paths.Count && !_stop.IsCancellationRequested; i++)
        {
            string path = paths[i];
            switch (InputClassifier.Classify(path))
            {
                case InputKind.ImageSequence: ProcessVideo(() => VideoReader.Sequence(path, InputClassifier.FramesIn(path), FrameRate, BadFrame), path); break;
                case InputKind.Video: ProcessVideo(() => VideoReader.Open(path), path); break;
                default: StartPhoto(path, i, paths.Count, clock); break;
            }
        }
        if (paths.Count > 1) WriteProgress(new ProgressRecord(1, "Get-Pose", "Done") { RecordType = ProgressRecordType.Completed });
    }

    protected override void EndProcessing()
    {
        EmitFinishedPhotos(all: true);
        if (_sequence.Count > 0)
            ProcessVideo(() => VideoReader.Sequence($"{_sequence.Count} images", _sequence, FrameRate, BadFrame), _sequence[0]);
    }

    /// <summary>A frame of a sequence that cannot be read: an error record, and the sequence goes on.</summary>
    private void BadFrame(string file, Exception e) => Report(e, file);

    /// <summary>An image given in memory (-InputObject): bytes, a stream or a Mat.</summary>
    private void ProcessImage(object input)
    {
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
            WritePhoto(result);
        }
        catch (Exception e) when (Report(e, "InputObject")) { }
    }

    /// <summary>
    /// A photo file: decoded and analysed on the thread pool, up to -ThrottleLimit at a time, while the pipeline feeds
    /// the next ones; its result or error record is written when every earlier input's has been.
    /// </summary>
    private void StartPhoto(string path, int index, int count, Stopwatch clock)
    {
        if (count == 1 && _photos.Count == 0 && !MyInvocation.ExpectingInput)
        {
            // One photo and no pipeline input to follow (Get-Pose -Path photo.jpg): nothing to overlap it with, so it
            // runs here, without the hop to a pool thread and back.
            PoseResult result;
            try { result = _estimator.Estimate(path); }
            catch (Exception e)
            {
                if (!Report(e, path)) ThrowTerminatingError(new ErrorRecord(e, "PoseFailed", ErrorCategory.NotSpecified, path));
                return;
            }
            WritePhoto(result);
            return;
        }
        ReportProgress(path, index, count, clock);
        var estimator = SideBySide();
        _photos.Start(path, () => estimator.Estimate(path));
        EmitFinishedPhotos(all: false);
    }

    /// <summary>
    /// The estimator for photos in flight side by side: each inference on one core, rather than each spreading over
    /// all of them and contending (spinning threads of one photo waited on the preempted ones of another). Loaded with
    /// the first such photo (two more sessions, ~0.1 s): a lone `Get-Pose -Path photo.jpg` never needs it.
    /// </summary>
    private PoseEstimator SideBySide()
    {
        if (_sideBySide is not null) return _sideBySide;
        if (ThrottleLimit == 1) return _sideBySide = _estimator;
        try { return _sideBySide = PoseEstimatorPool.Shared.Get(_estimator.Options with { Threads = 1 }); }
        catch (ModelStoreException e)
        {
            ThrowTerminatingError(ModelInstallation.Error(e, "ModelNotAvailable", ErrorCategory.ResourceUnavailable, _estimator.Options.ModelDirectory));
            throw; // not reached: ThrowTerminatingError throws
        }
    }

    /// <summary>"3 of 17: photo.jpg", with the time left, when one -Path names several photos.</summary>
    private void WritePhoto(PoseResult result)
    {
        if (result.Poses.Count == 0) WriteVerbose($"No person found in {result.Source}.");
        WriteObject(result);
    }

    private void ReportProgress(string target, int index, int count, Stopwatch clock)
    {
        if (count <= 1) return;
        var progress = new ProgressRecord(1, "Get-Pose", $"{index + 1} of {count}: {System.IO.Path.GetFileName(target)}") { PercentComplete = 100 * index / count };
        if (index > 0) progress.SecondsRemaining = (int)(clock.Elapsed.TotalSeconds / index * (count - index));
        WriteProgress(progress);
    }

    /// <summary>Writes the photos' results (or error records) that are done, in input order.</summary>
    private void EmitFinishedPhotos(bool all)
    {
        try
        {
            foreach (var (target, work) in _photos.Finished(all, _stop.Token))
            {
                if (work.IsFaulted)
                {
                    var e = work.Exception!.InnerException!;
                    if (!Report(e, target)) ThrowTerminatingError(new ErrorRecord(e, "PoseFailed", ErrorCategory.NotSpecified, target));
                    continue;
                }
                WritePhoto(work.Result);
            }
        }
        catch (OperationCanceledException) { } // Ctrl+C: the engine stops the pipeline; work in flight ends by itself
    }

    /// <summary>Streams one result per frame, tracking people across frames (MediaPipe's video mode).</summary>
    private void ProcessVideo(Func<IFrameSource> open, string target)
    {
        EmitFinishedPhotos(all: true); // earlier photos first: output keeps the input's order
        try
        {
            using var source = open();
            WriteVerbose($"Reading {source.Source} with {source.Backend}: {source.FramesPerSecond:F2} frames/s, {source.FrameCount?.ToString() ?? "unknown number of"} frames.");
            var options = new TrackingOptions { Track = !NoTracking, SmoothLandmarks = !NoSmoothing };
            var clock = Stopwatch.StartNew();
            long frames = 0;
            foreach (var result in _estimator.EstimateVideo(source, options, _stop.Token))
            {
                frames++;
                if (frames % 5 == 1)
                {
                    var progress = new ProgressRecord(1, "Get-Pose", $"{System.IO.Path.GetFileName(source.Source)}: frame {result.FrameIndex + 1}" + (source.FrameCount is { } n ? $" of {n}" : ""));
                    if (source.FrameCount is { } total && total > 0)
                    {
                        progress.PercentComplete = (int)Math.Min(99, 100 * (result.FrameIndex ?? 0) / total);
                        progress.SecondsRemaining = (int)(clock.Elapsed.TotalSeconds / frames * Math.Max(0, total - frames));
                    }
                    WriteProgress(progress);
                }
                WriteObject(result);
            }
            WriteProgress(new ProgressRecord(1, "Get-Pose", "Done") { RecordType = ProgressRecordType.Completed });
            WriteVerbose($"{source.Source}: {frames} frames at {frames / Math.Max(clock.Elapsed.TotalSeconds, 1e-9):F1} frames/s.");
            if (!_stop.IsCancellationRequested && EndedEarly(source) is { } warning) WriteWarning(warning);
        }
        catch (Exception e) when (Report(e, target)) { }
    }

    /// <summary>
    /// A stream that ends well before the length its container declares is damaged or cut off (a truncated download,
    /// say): the frames that could be read came out, but the user should know the rest is missing. Containers round
    /// their counts, so a frame or two (2 %) short is not reported.
    /// </summary>
    internal static string? EndedEarly(IFrameSource source)
    {
        if (source.FrameCount is not { } declared || source.FramesDecoded >= declared - Math.Max(2, declared / 50)) return null;
        string reason = source.DecoderWarning is { } said ? $" (the decoder says: {said})" : "";
        return $"{System.IO.Path.GetFileName(source.Source)}: the video ended after {source.FramesDecoded} of its {declared} frames{reason}; the file may be truncated or damaged.";
    }

    /// <summary>Turns a per-file failure into a non-terminating error record; false for anything unexpected.</summary>
    private bool Report(Exception e, string target)
    {
        var (id, category) = e switch
        {
            InvalidImageException => ("InvalidImage", ErrorCategory.InvalidData),
            InvalidVideoException => ("InvalidVideo", ErrorCategory.InvalidData),
            FileNotFoundException => ("FileNotFound", ErrorCategory.ObjectNotFound),
            UnauthorizedAccessException => ("AccessDenied", ErrorCategory.PermissionDenied),
            IOException => ("ReadError", ErrorCategory.ReadError),
            PSArgumentException => ("UnsupportedInput", ErrorCategory.InvalidArgument),
            _ => (null, ErrorCategory.NotSpecified),
        };
        if (id is null) return false;
        WriteError(new ErrorRecord(e, id, category, target) { ErrorDetails = new ErrorDetails(e.Message) });
        return true;
    }

    protected override void StopProcessing() => _stop.Cancel();
}
