using PoseTools.Geometry;
using System.Text.Json;
using PoseTools.Analysis;
using PoseTools.Inference;
using PoseTools.Models;
using PoseTools.Results;

namespace PoseTools.Bench;

/// <summary>
/// Against the COCO-17 ground truth of the shared photos, per complexity: PoseTools (one pose and several) beside
/// the official pipeline's outputs (shared WebGL reference, and its CPU-inference run in tests/.../Reference).
/// </summary>
public static class AccuracyBenchmark
{
    public static void Run(BenchOptions options)
    {
        string repo = PipelineBenchmark.FindRepoRoot();
        string shared = Path.Combine(repo, "..", "shared");
        var truth = KeypointEvaluation.ReadGroundTruth(Path.Combine(shared, "data", "annotations.json"));
        // The shared photos with ground truth, and the photo without anyone (every pose there is a false one).
        truth["no-person-fruits.jpg"] = [];
        var photos = truth.Keys.ToList();
        Console.WriteLine($"{"",-44}{"recall (OKS>0.5)",18}{"mean OKS",10}{"PCK@0.2",9}{"false/image",13}{"ms/photo",10}");
        foreach (var complexity in new[] { ModelComplexity.Lite, ModelComplexity.Full, ModelComplexity.Heavy })
        {
            int c = (int)complexity;
            Print($"official (WebGL, shared) c{c}", KeypointEvaluation.Evaluate(KeypointEvaluation.ReadOfficialResults(Path.Combine(shared, "reference", "landmarks", $"shared-c{c}.json")), truth), null);
            Print($"official (CPU inference) c{c}", KeypointEvaluation.Evaluate(KeypointEvaluation.ReadOfficialResults(Path.Combine(repo, "tests", "PoseTools.Tests", "Reference", $"official-cpu-c{c}.json")), truth), null);
            foreach (var (maxPoses, tiles, label) in new[] { (1, 0, "max poses 1"), (10, 2, "max poses 10, 2×2 tiles"), (10, 0, "max poses 10, adaptive tiles") })
            {
                using var estimator = new PoseEstimator(new PoseEstimatorOptions { ModelComplexity = complexity, MaxPoses = maxPoses, DetectionTiles = tiles, ModelDirectory = options.Models });
                var ms = new List<double>();
                var results = photos.ToDictionary(f => f, f =>
                {
                    var r = estimator.Estimate(Path.Combine(shared, "data", f));
                    ms.Add(r.Milliseconds);
                    return r;
                });
                Print($"PoseTools, {label} c{c}", KeypointEvaluation.Evaluate(results, truth), Stats.Median(ms));
            }
        }
        PhoneSized(options, shared, truth);
    }

    /// <summary>
    /// The same photos enlarged to phone size (4000 pixels on the longer side, JPEG quality 95), decoded in full and with
    /// <see cref="PoseEstimatorOptions.ReducedDecoding"/>: accuracy against the ground truth and the time per photo.
    /// Enlarged photos carry no new detail; they show what the decode scale does to the pipeline, not to fine texture.
    /// </summary>
    private static void PhoneSized(BenchOptions options, string shared, Dictionary<string, IReadOnlyList<AnnotatedPerson>> truth)
    {
        Console.WriteLine();
        Console.WriteLine("the photos enlarged to 4000 px (Full, one pose):");
        var photos = truth.Keys.ToDictionary(f => f, f => Enlarged(Path.Combine(shared, "data", f), 4000));
        var decoded = new Dictionary<bool, Dictionary<string, PoseResult>>();
        foreach (bool reduced in new[] { false, true })
        {
            using var estimator = new PoseEstimator(new PoseEstimatorOptions { ReducedDecoding = reduced, Threads = 1, ModelDirectory = options.Models });
            var ms = new List<double>();
            var results = photos.ToDictionary(p => p.Key, p =>
            {
                var r = estimator.Estimate(p.Value.Jpeg, p.Key);
                ms.Add(r.Timings.Total);
                return r with { Width = p.Value.Width, Height = p.Value.Height }; // normalised landmarks → the annotated size
            });
            decoded[reduced] = results;
            var s = KeypointEvaluation.Evaluate(results, truth);
            Console.WriteLine($"{(reduced ? "reduced decoding" : "full decoding"),-34}{$"{s.Recalled}/{s.Persons}",18}{s.MeanOks,10:F3}{s.Pck,9:F3}   {Stats.Median(ms),6:F1} ms median, 1 thread");
        }

        // How far reduced decoding moves the landmarks from a full decode, beside how far a full decode moves them
        // when the photo changes imperceptibly: the pipeline's own floor for any bound on "the same landmarks".
        using var full = new PoseEstimator(new PoseEstimatorOptions { Threads = 1, ModelDirectory = options.Models });
        Dictionary<string, PoseResult> FullDecode(Func<string, byte[]> jpeg) => photos.ToDictionary(p => p.Key, p => full.Estimate(jpeg(p.Key), p.Key));
        var variants = new (string Label, Dictionary<string, PoseResult> Results)[]
        {
            ("reduced decoding", decoded[true]),
            ("full, photo saved at JPEG quality 94", FullDecode(f => Reencoded(photos[f].Jpeg, 94))),
            ("full, photo enlarged to 4008 px", FullDecode(f => Enlarged(Path.Combine(shared, "data", f), 4008).Jpeg)),
        };
        Console.WriteLine("landmarks apart from a full decode of the 4000 px photo, % of person size (mean of the 33; median / max over the photos):");
        foreach (var (label, results) in variants)
        {
            var apart = decoded[false].Where(r => r.Value.Poses.Count > 0 && results[r.Key].Poses.Count > 0)
                .Select(r => MeanApart(r.Value, results[r.Key])).ToList();
            Console.WriteLine($"  {label,-40}{Stats.Median(apart),7:P2} / {apart.Max():P2}  ({apart.Count} photos)");
        }
    }

    // Mean distance of the first pose's 33 landmarks over the person's size: normalised coordinates measured in the
    // first result's pixels, so photos of any decode scale or size compare.
    private static double MeanApart(PoseResult first, PoseResult second)
    {
        var a = first.Poses[0].Landmarks;
        var b = second.Poses[0].Landmarks;
        double w = first.Width, h = first.Height;
        double size = Math.Max((a.Max(l => l.X) - a.Min(l => l.X)) * w, (a.Max(l => l.Y) - a.Min(l => l.Y)) * h);
        return a.Zip(b, (p, q) => Math.Sqrt(Math.Pow((p.X - q.X) * w, 2) + Math.Pow((p.Y - q.Y) * h, 2))).Average() / size;
    }

    private static byte[] Reencoded(byte[] jpeg, int quality)
    {
        using var image = OpenCvSharp.Cv2.ImDecode(jpeg, OpenCvSharp.ImreadModes.Color);
        return image.ImEncode(".jpg", new OpenCvSharp.ImageEncodingParam(OpenCvSharp.ImwriteFlags.JpegQuality, quality));
    }

    internal static (byte[] Jpeg, int Width, int Height) Enlarged(string file, int longSide)
    {
        using var small = OpenCvSharp.Cv2.ImRead(file);
        double k = (double)longSide / Math.Max(small.Cols, small.Rows);
        using var large = new OpenCvSharp.Mat();
        OpenCvSharp.Cv2.Resize(small, large, new OpenCvSharp.Size((int)Math.Round(small.Cols * k / 8) * 8, (int)Math.Round(small.Rows * k / 8) * 8), 0, 0, OpenCvSharp.InterpolationFlags.Lanczos4);
        return (large.ImEncode(".jpg", new OpenCvSharp.ImageEncodingParam(OpenCvSharp.ImwriteFlags.JpegQuality, 95)), small.Cols, small.Rows);
    }

    private static void Print(string label, KeypointScore s, double? msPerPhoto) =>
        Console.WriteLine($"{label,-44}{$"{s.Recalled}/{s.Persons}",18}{s.MeanOks,10:F3}{s.Pck,9:F3}{(double)s.FalsePoses / s.Images,13:F2}{(msPerPhoto is { } ms ? ms.ToString("F0") : "–"),10}");
}
