using OpenCvSharp;
using PoseTools.Imaging;

namespace PoseTools.Inference;

/// <summary>
/// The detection stage: letterbox the image into 224×224 (values in [-1, 1], black bands), run the BlazePose
/// detector, decode the 2254 anchors, apply weighted NMS, and map the detections back out of the letterbox.
/// </summary>
public sealed class PoseDetector : IDisposable
{
    public const int InputSize = SsdAnchors.InputSize;
    private readonly OnnxModelRunner _runner;
    private readonly int _boxes, _scores;

    public PoseDetector(string modelPath, int threads = 0)
    {
        var session = OnnxSessionFactory.Create(modelPath, threads);
        _runner = new OnnxModelRunner(session, ["Identity", "Identity_1"]);
        _boxes = _runner.OutputIndex("Identity");
        _scores = _runner.OutputIndex("Identity_1");
    }

    /// <summary>Detections in normalised image coordinates, best first.</summary>
    public IReadOnlyList<Detection> Detect(Mat bgr, float minScore, PoseTrace? trace = null, StageTimer? timer = null)
    {
        long t = System.Diagnostics.Stopwatch.GetTimestamp();
        var (region, padding) = PixelRegion.WholeImage(bgr.Cols, bgr.Rows).PadToAspect(InputSize, InputSize);
        var buffers = _runner.Rent();
        try
        {
            TensorSampler.Sample(bgr, region, InputSize, InputSize, -1f, 1f, SamplerBorder.Zero, buffers.Input);
            t = timer?.Lap(StageTimer.Stage.Crop, t) ?? t;
            _runner.Run(buffers);
            var candidates = DetectionDecoder.Decode(buffers.Outputs[_boxes], buffers.Outputs[_scores], SsdAnchors.PoseDetector, minScore);
            var detections = NonMaxSuppression.Weighted(candidates).Select(d => RemoveLetterbox(d, padding)).ToList();
            if (trace is not null)
            {
                trace.DetectorInput = (float[])buffers.Input.Clone();
                trace.DetectorPadding = padding;
                trace.Candidates = candidates;
                trace.Detections = detections;
            }
            timer?.Lap(StageTimer.Stage.Detect, t);
            return detections;
        }
        finally
        {
            _runner.Return(buffers);
        }
    }

    private static Detection RemoveLetterbox(Detection d, LetterboxPadding p)
    {
        float sx = 1f - p.Left - p.Right, sy = 1f - p.Top - p.Bottom;
        var box = new NormalizedBox((d.Box.X - p.Left) / sx, (d.Box.Y - p.Top) / sy, d.Box.Width / sx, d.Box.Height / sy);
        return d with { Box = box, Keypoints = d.Keypoints.Select(p.Remove).ToArray() };
    }

    public void Dispose() => _runner.Dispose();
}
