using OpenCvSharp;
using PoseTools.Imaging;
using PoseTools.Geometry;

namespace PoseTools.Inference;

/// <summary>
/// The detection stage: letterbox the image into 224×224 (values in [-1, 1], black bands), run the BlazePose
/// detector, decode the 2254 anchors, apply weighted NMS, and map the detections back out of the letterbox.
/// </summary>
public sealed class PoseDetector : IDisposable
{
    /// <summary>The detector's input side: 224.</summary>
    public const int InputSize = SsdAnchors.InputSize;
    private readonly OnnxModelRunner _runner;
    private readonly int _boxes, _scores;

    /// <summary>Loads the detector model (an ONNX session with <paramref name="threads"/> intra-op threads; 0 = ONNX Runtime's choice).</summary>
    public PoseDetector(string modelPath, int threads = 0)
    {
        var session = OnnxSessionFactory.Create(modelPath, threads);
        _runner = new OnnxModelRunner(session, ["Identity", "Identity_1"]);
        _boxes = _runner.OutputIndex("Identity");
        _scores = _runner.OutputIndex("Identity_1");
    }

    /// <summary>Detections in normalised image coordinates, best first.</summary>
    public IReadOnlyList<Detection> Detect(Mat bgr, float minScore, PoseTrace? trace = null, StageTimer? timer = null)
        => Detect(bgr, PixelRegion.WholeImage(bgr.Cols, bgr.Rows), minScore, trace, timer);

    /// <summary>Detections within an axis-aligned part of the image (a tile), in normalised image coordinates.</summary>
    public IReadOnlyList<Detection> Detect(Mat bgr, PixelRegion area, float minScore, PoseTrace? trace = null, StageTimer? timer = null)
    {
        long t = System.Diagnostics.Stopwatch.GetTimestamp();
        var (region, padding) = area.PadToAspect(InputSize, InputSize);
        var buffers = _runner.Rent();
        try
        {
            TensorSampler.Sample(bgr, region, InputSize, InputSize, -1f, 1f, SamplerBorder.Zero, buffers.Input);
            t = timer?.Lap(StageTimer.Stage.Crop, t) ?? t;
            _runner.Run(buffers);
            var candidates = DetectionDecoder.Decode(buffers.Outputs[_boxes], buffers.Outputs[_scores], SsdAnchors.PoseDetector, minScore);
            var detections = NonMaxSuppression.Weighted(candidates).Select(d => ToImage(RemoveLetterbox(d, padding), area, bgr.Cols, bgr.Rows)).ToList();
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

    /// <summary>Runs once on a blank image: the session's costly first run and the samplers' compilation are paid now.</summary>
    internal void WarmUp()
    {
        using var blank = new Mat(8, 8, MatType.CV_8UC3, Scalar.Black);
        Detect(blank, minScore: 1f);
    }

    private static Detection RemoveLetterbox(Detection d, LetterboxPadding p)
    {
        float sx = 1f - p.Left - p.Right, sy = 1f - p.Top - p.Bottom;
        var box = new NormalizedBox((d.FaceBox.X - p.Left) / sx, (d.FaceBox.Y - p.Top) / sy, d.FaceBox.Width / sx, d.FaceBox.Height / sy);
        return d with { FaceBox = box, Keypoints = d.Keypoints.Select(p.Remove).ToArray() };
    }

    // Area-normalised → image-normalised (areas are axis-aligned).
    private static Detection ToImage(Detection d, PixelRegion area, int width, int height)
    {
        if (area.Rotation != 0) throw new ArgumentException("detection areas must be axis-aligned");
        float x0 = area.CenterX - area.Width / 2, y0 = area.CenterY - area.Height / 2;
        if (x0 == 0 && y0 == 0 && area.Width == width && area.Height == height) return d;
        NormalizedPoint Map(NormalizedPoint p) => new((x0 + p.X * area.Width) / width, (y0 + p.Y * area.Height) / height);
        var box = new NormalizedBox((x0 + d.FaceBox.X * area.Width) / width, (y0 + d.FaceBox.Y * area.Height) / height,
            d.FaceBox.Width * area.Width / width, d.FaceBox.Height * area.Height / height);
        return d with { FaceBox = box, Keypoints = d.Keypoints.Select(Map).ToArray() };
    }

    /// <summary>Releases the ONNX session.</summary>
    public void Dispose() => _runner.Dispose();
}
