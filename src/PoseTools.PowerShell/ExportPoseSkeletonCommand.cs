using System.Management.Automation;
using PoseTools.Analysis;
using PoseTools.Imaging;
using PoseTools.Results;

namespace PoseTools.PowerShell;

/// <summary>Export-PoseSkeleton: draws the skeleton of each result onto its photo (or video frame) and saves it.</summary>
[Cmdlet(VerbsData.Export, "PoseSkeleton", SupportsShouldProcess = true, DefaultParameterSetName = DirectorySet)]
[OutputType(typeof(FileInfo))]
public sealed class ExportPoseSkeletonCommand : PSCmdlet, IDisposable
{
    private const string DirectorySet = "OutDirectory", PathSet = "Path";

    [Parameter(Mandatory = true, ValueFromPipeline = true)]
    [ValidateNotNull]
    public PoseResult InputObject { get; set; } = null!;

    /// <summary>Folder for the images, named &lt;source name&gt;.pose.&lt;format&gt;.</summary>
    [Parameter(Mandatory = true, Position = 0, ParameterSetName = DirectorySet)]
    [ValidateNotNullOrEmpty]
    public string OutDirectory { get; set; } = "";

    /// <summary>Output file, or a pattern with {Name} (source base name), {Index} (0, 1, …) and {Frame} (video frame).</summary>
    [Parameter(Mandatory = true, ParameterSetName = PathSet)]
    [ValidateNotNullOrEmpty]
    public string Path { get; set; } = "";

    /// <summary>
    /// The image format with -OutDirectory, as an extension (checked against <see cref="ImageFormats"/>); unset, see
    /// <see cref="DefaultFormat"/>.
    /// </summary>
    [Parameter(ParameterSetName = DirectorySet)]
    [ArgumentCompleter(typeof(ImageFormatCompleter))]
    [ValidateNotNullOrEmpty]
    public string? Format { get; set; }

    [Parameter]
    [ArgumentCompleter(typeof(ColorNameCompleter))]
    public string JointColor { get; set; } = "red";

    [Parameter]
    [ArgumentCompleter(typeof(ColorNameCompleter))]
    public string BoneColor { get; set; } = "white";

    [Parameter]
    [ValidateRange(0, 200)]
    public int JointRadius { get; set; }

    [Parameter]
    [ValidateRange(0, 100)]
    public int BoneThickness { get; set; }

    [Parameter]
    [ValidateRange(0.0, 1.0)]
    public float MinVisibility { get; set; } = 0.5f;

    /// <summary>Video results: write one image per frame instead of an annotated video.</summary>
    [Parameter] public SwitchParameter Frames { get; set; }

    /// <summary>
    /// Annotated videos: mark each person's exercise, repetition count, each repetition's faults (or good form) and
    /// hold times on the frames. The results of a video are gathered first (the exercise is recognised from the whole clip).
    /// </summary>
    [Parameter] public SwitchParameter Annotate { get; set; }

    /// <summary>With -Annotate: the exercise everyone does, instead of recognising each person's.</summary>
    [Parameter]
    public Exercise Exercise { get; set; }

    /// <summary>With -Annotate: form rule thresholds by rule name, as Measure-PoseRepetition takes them.</summary>
    [Parameter]
    [ValidateNotNull]
    public System.Collections.Hashtable? FormThreshold { get; set; }

    [Parameter] public SwitchParameter Force { get; set; }
    [Parameter] public SwitchParameter NoClobber { get; set; }
    [Parameter] public SwitchParameter PassThru { get; set; }

    /// <summary>How many photos are drawn, encoded and written at the same time (video frames are always written in order).</summary>
    [Parameter]
    [ValidateRange(1, 64)]
    public int ThrottleLimit { get; set; } = 2 * Environment.ProcessorCount;

    private SkeletonStyle _style = null!;
    private int _index;
    private readonly HashSet<string> _written = new(StringComparer.Ordinal);
    private readonly Dictionary<string, VideoAnnotator?> _videos = new(StringComparer.Ordinal);
    private readonly Dictionary<string, VideoFrameCursor> _cursors = new(StringComparer.Ordinal);
    // With -Annotate: the results of the video being read, analysed and written once it ends.
    private readonly List<PoseResult> _clip = [];
    private IReadOnlyDictionary<string, double>? _formThresholds;
    // Photos being drawn and written on the thread pool; their files, PassThru and errors come out in input order.
    private InputOrderQueue<int> _photos = null!;
    private readonly CancellationTokenSource _stop = new();

    protected override void BeginProcessing()
    {
        _photos = new InputOrderQueue<int>(ThrottleLimit);
        try
        {
            _style = new SkeletonStyle
            {
                JointColor = Rgb.Parse(JointColor),
                BoneColor = Rgb.Parse(BoneColor),
                JointRadius = JointRadius,
                BoneThickness = BoneThickness,
                MinVisibility = MinVisibility,
            };
        }
        catch (FormatException e)
        {
            ThrowTerminatingError(new ErrorRecord(e, "InvalidColor", ErrorCategory.InvalidArgument, e.Message));
        }
        Format = Format?.TrimStart('.').ToLowerInvariant();
        if (ParameterSetName == DirectorySet && Format is not null && ImageFormats.ForOutput("overlay." + Format) is null)
            ThrowTerminatingError(new ErrorRecord(new PSArgumentException($"-Format is one of {ImageFormats.WritableExtensionList}, not '{Format}'."),
                "UnsupportedImageType", ErrorCategory.InvalidArgument, Format));
        if (ParameterSetName == PathSet)
        {
            string ext = System.IO.Path.GetExtension(Path).ToLowerInvariant();
            if (ImageFormats.ForOutput(Path) is null && ext is not (".mp4" or ".avi"))
                ThrowTerminatingError(new ErrorRecord(new PSArgumentException($"-Path must end in {ImageFormats.WritableExtensionList} (images) or .mp4, .avi (videos), not '{ext}'."),
                    "UnsupportedImageType", ErrorCategory.InvalidArgument, Path));
        }
        CheckAnnotation();
    }

    private void CheckAnnotation()
    {
        bool exerciseGiven = MyInvocation.BoundParameters.ContainsKey(nameof(Exercise));
        if (!Annotate)
        {
            if (exerciseGiven || FormThreshold is not null)
                ThrowTerminatingError(new ErrorRecord(new PSArgumentException("-Exercise and -FormThreshold go with -Annotate."), "AnnotateNeeded", ErrorCategory.InvalidArgument, null));
            return;
        }
        if (Frames || !IsVideoOutput())
            ThrowTerminatingError(new ErrorRecord(new PSArgumentException("-Annotate marks repetitions on an annotated video: use -OutDirectory or a -Path ending in .mp4 or .avi, without -Frames."),
                "AnnotateNeedsVideo", ErrorCategory.InvalidArgument, Path));
        if (exerciseGiven && Exercise == Exercise.Unknown)
            ThrowTerminatingError(new ErrorRecord(new PSArgumentException("-Exercise Unknown is no exercise: leave -Exercise out to recognise each person's."), "InvalidExercise", ErrorCategory.InvalidArgument, Exercise));
        try
        {
            _formThresholds = FormThresholds.From(FormThreshold);
            if (exerciseGiven && _formThresholds is not null)
                if (HoldPositions.IsHeld(Exercise)) _ = new HoldTracker(Exercise, thresholds: _formThresholds);
                else _ = FormRules.For(Exercise, _formThresholds);   // an unknown rule name fails now, not after the clip
        }
        catch (ArgumentException e)
        {
            ThrowTerminatingError(new ErrorRecord(e, "InvalidThresholds", ErrorCategory.InvalidArgument, FormThreshold));
        }
    }

    protected override void ProcessRecord()
    {
        var result = InputObject;
        if (result.FrameIndex is not null && !Frames && IsVideoOutput() && VideoReader.IsVideo(result.Source))
        {
            EmitWrittenPhotos(all: true);
            if (!Annotate) WriteVideoFrame(result);
            else
            {
                if (_clip.Count > 0 && _clip[0].Source != result.Source) WriteAnnotatedClip();
                _clip.Add(result);
            }
            return;
        }
        string target = OutputPathFor(result, _index++);
        if (!_written.Add(target))
        {
            WriteError(new ErrorRecord(new IOException($"Another result was already written to '{target}' by this command; put {{Name}} or {{Index}} in -Path."),
                "DuplicateOutputPath", ErrorCategory.ResourceExists, target));
            return;
        }
        bool videoFrame = result.FrameIndex is not null && VideoReader.IsVideo(result.Source);
        if (!File.Exists(result.Source))
        {
            WriteError(new ErrorRecord(new FileNotFoundException($"The source image '{result.Source}' of this result is not a file that can be read again.", result.Source),
                "SourceNotFound", ErrorCategory.ObjectNotFound, result));
            return;
        }
        if (!OutputFile.MayWrite(this, target, NoClobber, Force, "Write skeleton image")) return;
        if (!videoFrame)
        {
            // Decoding the photo again, drawing, encoding and writing cost as much as a third of its inference: done
            // here, one at a time, they held up the pipeline feeding Get-Pose (57 against 100 photos/s).
            var style = _style;
            _photos.Start(target, () =>
            {
                using var image = SkeletonRenderer.Render(result, style);
                AtomicFile.Write(target, SkeletonRenderer.Encode(image, target));
                return result.Poses.Count;
            });
            EmitWrittenPhotos(all: false);
            return;
        }
        EmitWrittenPhotos(all: true);
        try
        {
            // Frames of a video are read through one cursor per video, in order.
            if (!_cursors.TryGetValue(result.Source, out var cursor)) _cursors[result.Source] = cursor = new VideoFrameCursor(result.Source);
            using var frame = cursor.Seek(result).Clone();
            SkeletonRenderer.Draw(frame, result.Poses, _style);
            AtomicFile.Write(target, SkeletonRenderer.Encode(frame, target));
            Written(target, result.Poses.Count);
        }
        catch (Exception e) when (IsRenderFailure(e))
        {
            WriteError(new ErrorRecord(e, "RenderFailed", ErrorCategory.WriteError, target));
        }
    }

    private static bool IsRenderFailure(Exception e) =>
        e is InvalidImageException or InvalidVideoException or InvalidOperationException or IOException or UnauthorizedAccessException;

    private void Written(string target, int poses)
    {
        WriteVerbose($"Wrote {target} ({poses} pose(s)).");
        if (PassThru) WriteObject(new FileInfo(target));
    }

    /// <summary>Reports the photos written (or failed) so far, in input order; all of them when <paramref name="all"/>.</summary>
    private void EmitWrittenPhotos(bool all)
    {
        try
        {
            foreach (var (target, work) in _photos.Finished(all, _stop.Token))
            {
                if (!work.IsFaulted)
                    Written(target, work.Result);
                else if (work.Exception!.InnerException is { } e && IsRenderFailure(e))
                    WriteError(new ErrorRecord(e, "RenderFailed", ErrorCategory.WriteError, target));
                else
                    ThrowTerminatingError(new ErrorRecord(work.Exception.InnerException!, "RenderFailed", ErrorCategory.NotSpecified, target));
            }
        }
        catch (OperationCanceledException) { } // Ctrl+C: the engine stops the pipeline; files in flight are written whole or not at all
    }

    protected override void StopProcessing() => _stop.Cancel();

    private bool IsVideoOutput() => ParameterSetName == DirectorySet || System.IO.Path.GetExtension(Path).ToLowerInvariant() is ".mp4" or ".avi";

    /// <summary>Analyses the gathered clip (exercise, repetitions, holds) and writes its video with the coach's labels.</summary>
    private void WriteAnnotatedClip()
    {
        var clip = _clip.ToList();
        _clip.Clear();
        IReadOnlyList<PersonWorkout> workouts;
        try
        {
            workouts = WorkoutAnalysis.Analyze(clip, MyInvocation.BoundParameters.ContainsKey(nameof(Exercise)) ? Exercise : null, _formThresholds);
        }
        catch (ArgumentException e)
        {
            WriteError(new ErrorRecord(e, "InvalidThresholds", ErrorCategory.InvalidArgument, clip[0].Source));
            return;
        }
        foreach (var w in workouts)
            WriteVerbose($"{System.IO.Path.GetFileName(clip[0].Source)}, person {w.PersonId}: {w.Exercise}, {w.Repetitions.Count} repetition(s), {w.Holds.Count} hold(s).");
        var labels = CoachLabels.For(workouts, clip);
        foreach (var result in clip) WriteVideoFrame(result, labels.At(result.FrameIndex ?? 0));
        if (_videos.Remove(clip[0].Source, out var done) && done is not null) Complete(done);
    }

    /// <summary>Appends a frame to the annotated copy of its video (opened on its first frame).</summary>
    private void WriteVideoFrame(PoseResult result, IReadOnlyList<CoachLabel>? labels = null)
    {
        if (!_videos.TryGetValue(result.Source, out var annotator))
        {
            string name = System.IO.Path.GetFileNameWithoutExtension(result.Source);
            string target = ParameterSetName == DirectorySet
                ? SessionState.Path.GetUnresolvedProviderPathFromPSPath(System.IO.Path.Combine(OutDirectory, $"{name}.pose.mp4"))
                : SessionState.Path.GetUnresolvedProviderPathFromPSPath(Path.Replace("{Name}", name, StringComparison.OrdinalIgnoreCase));
            annotator = _written.Add(target) && OutputFile.MayWrite(this, target, NoClobber, Force, "Write annotated video")
                ? new VideoAnnotator(result.Source, target, _style)
                : null;
            _videos[result.Source] = annotator;
        }
        if (annotator is null) return;
        try
        {
            annotator.Write(result, labels);
        }
        catch (Exception e) when (e is InvalidOperationException or IOException or InvalidVideoException)
        {
            WriteError(new ErrorRecord(e, "VideoWriteFailed", ErrorCategory.WriteError, annotator.OutputPath));
            annotator.Dispose();
            _videos[result.Source] = null;
        }
    }

    protected override void EndProcessing()
    {
        EmitWrittenPhotos(all: true);
        if (_clip.Count > 0) WriteAnnotatedClip();
        foreach (var annotator in _videos.Values.OfType<VideoAnnotator>()) Complete(annotator);
        _videos.Clear();
        foreach (var cursor in _cursors.Values) cursor.Dispose();
        _cursors.Clear();
    }

    private void Complete(VideoAnnotator annotator)
    {
        annotator.Complete();
        WriteVerbose($"Wrote {annotator.OutputPath}.");
        if (PassThru) WriteObject(new FileInfo(annotator.OutputPath));
        annotator.Dispose();
    }

    /// <summary>
    /// Called by the engine when the pipeline ends in any way. A video not completed (the pipeline was stopped or
    /// failed) is discarded with its partial file, so no half-written video is left under the final name.
    /// </summary>
    public void Dispose()
    {
        foreach (var annotator in _videos.Values.OfType<VideoAnnotator>()) annotator.Dispose();
        foreach (var cursor in _cursors.Values) cursor.Dispose();
        _videos.Clear();
        _cursors.Clear();
    }

    // Without -Format: as ImageFormats.ForOverlayOf says, by the photo's extension; a video's frames are lossy as JPEG is.
    private static string DefaultFormat(PoseResult result) =>
        ImageFormats.ForOverlayOf(result.FrameIndex is not null ? ImageFormat.Jpeg : ImageFormats.ForOutput(result.Source)?.Format ?? ImageFormat.Unknown)
            .Extensions[0].TrimStart('.');

    private string OutputPathFor(PoseResult result, int index)
    {
        string name = System.IO.Path.GetFileNameWithoutExtension(result.Source);
        string frame = result.FrameIndex?.ToString("D6") ?? "";
        if (ParameterSetName == DirectorySet)
        {
            string format = Format ?? DefaultFormat(result);
            string file = result.FrameIndex is null ? $"{name}.pose.{format}" : $"{name}.{frame}.pose.{format}";
            return SessionState.Path.GetUnresolvedProviderPathFromPSPath(System.IO.Path.Combine(OutDirectory, file));
        }
        string path = Path.Replace("{Name}", name, StringComparison.OrdinalIgnoreCase)
            .Replace("{Index}", index.ToString(), StringComparison.OrdinalIgnoreCase)
            .Replace("{Frame}", frame, StringComparison.OrdinalIgnoreCase);
        return SessionState.Path.GetUnresolvedProviderPathFromPSPath(path);
    }
}
