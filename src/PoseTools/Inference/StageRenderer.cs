using OpenCvSharp;
using PoseTools.Imaging;
using PoseTools.Results;
using PoseTools.Geometry;

namespace PoseTools.Inference;

/// <summary>
/// Pictures of the pipeline's intermediate results (a <see cref="PoseTrace"/>): what the detector sees, its anchors
/// and candidate boxes, the rotated region, the landmark model's crop, its heatmaps and segmentation. Each returns a
/// new BGR image the caller disposes. Used by the teaching notebook; handy for debugging any image.
/// </summary>
public static class StageRenderer
{
    private static readonly Scalar Anchor = new(200, 200, 200), Candidate = new(0, 200, 255), Chosen = new(0, 0, 255),
        KeypointColour = new(255, 80, 0), RegionColour = new(0, 220, 0);

    /// <summary>The detector's 224×224 letterboxed input (the tensor in [-1, 1] turned back into a picture).</summary>
    public static Mat DetectorInput(PoseTrace trace) => FromTensor(Require(trace.DetectorInput, "DetectorInput"), SsdAnchors.InputSize, -1, 1);

    /// <summary>The detector input scaled up, with every anchor centre as a dot and the candidate boxes above the threshold.</summary>
    public static Mat AnchorsAndCandidates(PoseTrace trace, int size = 448)
    {
        using var input = DetectorInput(trace);
        var image = new Mat();
        Cv2.Resize(input, image, new Size(size, size), 0, 0, InterpolationFlags.Nearest);
        foreach (var a in SsdAnchors.PoseDetector.Distinct())
            image.Circle(new Point(a.X * size, a.Y * size), 1, Anchor, -1);
        foreach (var c in trace.Candidates)
            image.Rectangle(Box(c.FaceBox, size, size), Candidate, 1);
        return image;
    }

    /// <summary>The photo with the final detections: box, hip centre and the full-body scale point.</summary>
    public static Mat Detections(Mat bgr, PoseTrace trace)
    {
        var image = bgr.Clone();
        int thickness = Math.Max(2, image.Cols / 300);
        foreach (var d in trace.Detections)
        {
            image.Rectangle(Box(d.FaceBox, image.Cols, image.Rows), Chosen, thickness);
            var hip = Pixel(d.HipCenter, image);
            var scale = Pixel(d.FullBodyScalePoint, image);
            image.Line(hip, scale, KeypointColour, thickness);
            image.Circle(hip, 3 * thickness, KeypointColour, -1);
            image.Circle(scale, 3 * thickness, KeypointColour, -1);
        }
        return image;
    }

    /// <summary>The photo with each landmark region: the rotated square the landmark model sees (top edge thicker).</summary>
    public static Mat Regions(Mat bgr, PoseTrace trace)
    {
        var image = bgr.Clone();
        int thickness = Math.Max(2, image.Cols / 300);
        foreach (var region in trace.Regions.Select(r => r.Region.ToPixels(image.Cols, image.Rows)))
        {
            // The crop's corners, mapped as the sampler maps them: (u, v) in [-½, ½]² rotated about the centre.
            float c = MathF.Cos(region.Rotation), s = MathF.Sin(region.Rotation);
            Point Corner(float u, float v) => new(region.CenterX + region.Width * c * u - region.Height * s * v,
                                                  region.CenterY + region.Width * s * u + region.Height * c * v);
            var corners = new[] { Corner(-0.5f, -0.5f), Corner(0.5f, -0.5f), Corner(0.5f, 0.5f), Corner(-0.5f, 0.5f) };
            image.Polylines([corners], true, RegionColour, thickness);
            image.Line(corners[0], corners[1], RegionColour, 3 * thickness); // the crop's top edge
        }
        return image;
    }

    /// <summary>The landmark model's 256×256 input for one region (the tensor in [0, 1]).</summary>
    public static Mat Crop(LandmarkTrace region) => FromTensor(region.Input, PoseLandmarker.InputSize, 0, 1);

    /// <summary>
    /// The crop with the landmark heatmaps on top: for each pixel the strongest of the 39 landmark channels, coloured
    /// (the heatmap is 64×64, a quarter of the crop), and the decoded landmarks as dots.
    /// </summary>
    public static Mat Heatmap(LandmarkTrace region)
    {
        int size = (int)Math.Round(Math.Sqrt(region.Heatmap.Length / (double)LandmarkDecoder.LandmarkCount));
        using var strongest = new Mat(size, size, MatType.CV_32FC1);
        for (int y = 0; y < size; y++)
            for (int x = 0; x < size; x++)
            {
                float best = float.MinValue;
                int offset = (y * size + x) * LandmarkDecoder.LandmarkCount;
                for (int c = 0; c < LandmarkDecoder.BodyLandmarkCount; c++) best = Math.Max(best, region.Heatmap[offset + c]);
                strongest.Set(y, x, best);
            }
        using var bytes = new Mat();
        Cv2.Normalize(strongest, bytes, 0, 255, NormTypes.MinMax, (int)MatType.CV_8UC1);
        using var large = new Mat();
        Cv2.Resize(bytes, large, new Size(PoseLandmarker.InputSize, PoseLandmarker.InputSize), 0, 0, InterpolationFlags.Linear);
        using var coloured = new Mat();
        Cv2.ApplyColorMap(large, coloured, ColormapTypes.Inferno);
        using var crop = Crop(region);
        var image = new Mat();
        Cv2.AddWeighted(crop, 0.45, coloured, 0.55, 0, image);
        foreach (var l in region.LandmarksInCrop.Take(LandmarkDecoder.BodyLandmarkCount))
            image.Circle(new Point(l.X * PoseLandmarker.InputSize, l.Y * PoseLandmarker.InputSize), 2, new Scalar(255, 255, 255), -1);
        return image;
    }

    /// <summary>The segmentation mask over the photo: the person tinted, the background dimmed.</summary>
    public static Mat Segmentation(Mat bgr, SegmentationMask mask)
    {
        if (mask.Width != bgr.Cols || mask.Height != bgr.Rows) throw new ArgumentException("the mask belongs to an image of another size", nameof(mask));
        var image = bgr.Clone();
        var tint = new Vec3f(255, 120, 0);
        int rows = image.Rows, cols = image.Cols; // each is a native call
        for (int y = 0; y < rows; y++)
            for (int x = 0; x < cols; x++)
            {
                float p = mask[x, y];
                var c = image.At<Vec3b>(y, x);
                float dim = 0.35f + 0.65f * p;
                image.Set(y, x, new Vec3b(
                    (byte)Math.Clamp(c.Item0 * dim * (1 - 0.4f * p) + tint.Item0 * 0.4f * p, 0, 255),
                    (byte)Math.Clamp(c.Item1 * dim * (1 - 0.4f * p) + tint.Item1 * 0.4f * p, 0, 255),
                    (byte)Math.Clamp(c.Item2 * dim * (1 - 0.4f * p) + tint.Item2 * 0.4f * p, 0, 255)));
            }
        return image;
    }

    private static float[] Require(float[]? values, string name) =>
        values ?? throw new InvalidOperationException($"the trace has no {name}: pass the PoseTrace to Estimate");

    /// <summary>An NHWC RGB float tensor of a square image, mapped from [low, high] to 0..255, as BGR.</summary>
    private static Mat FromTensor(float[] tensor, int size, float low, float high)
    {
        if (tensor.Length != size * size * 3) throw new ArgumentException($"expected a {size}×{size}×3 tensor, got {tensor.Length} values");
        var image = new Mat(size, size, MatType.CV_8UC3);
        float scale = 255f / (high - low);
        for (int y = 0; y < size; y++)
            for (int x = 0; x < size; x++)
            {
                int i = (y * size + x) * 3;
                byte r = (byte)Math.Clamp((tensor[i] - low) * scale + 0.5f, 0, 255);
                byte g = (byte)Math.Clamp((tensor[i + 1] - low) * scale + 0.5f, 0, 255);
                byte b = (byte)Math.Clamp((tensor[i + 2] - low) * scale + 0.5f, 0, 255);
                image.Set(y, x, new Vec3b(b, g, r));
            }
        return image;
    }

    private static Rect Box(NormalizedBox box, int width, int height) =>
        new((int)(box.X * width), (int)(box.Y * height), (int)(box.Width * width), (int)(box.Height * height));

    private static Point Pixel(NormalizedPoint p, Mat image) => new(p.X * image.Cols, p.Y * image.Rows);
}
