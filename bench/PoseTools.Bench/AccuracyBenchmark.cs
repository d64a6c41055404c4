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
        Console.WriteLine($"{"",-34}{"recall (OKS>0.5)",18}{"mean OKS",10}{"PCK@0.2",9}");
        foreach (var complexity in new[] { ModelComplexity.Lite, ModelComplexity.Full, ModelComplexity.Heavy })
        {
            int c = (int)complexity;
            Print($"official (WebGL, shared) c{c}", KeypointEvaluation.Evaluate(Load(Path.Combine(shared, "reference", "landmarks", $"shared-c{c}.json")), truth));
            Print($"official (CPU inference) c{c}", KeypointEvaluation.Evaluate(Load(Path.Combine(repo, "tests", "PoseTools.Tests", "Reference", $"official-cpu-c{c}.json")), truth));
            foreach (int maxPoses in new[] { 1, 10 })
            {
                using var estimator = new PoseEstimator(new PoseEstimatorOptions { ModelComplexity = complexity, MaxPoses = maxPoses, ModelDirectory = options.Models });
                var results = truth.Keys.ToDictionary(f => f, f => estimator.Estimate(Path.Combine(shared, "data", f)));
                Print($"PoseTools, max poses {maxPoses} c{c}", KeypointEvaluation.Evaluate(results, truth));
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
            var s = KeypointEvaluation.Evaluate(results, truth);
            Console.WriteLine($"{(reduced ? "reduced decoding" : "full decoding"),-34}{$"{s.Recalled}/{s.Persons}",18}{s.MeanOks,10:F3}{s.Pck,9:F3}   {Stats.Median(ms),6:F1} ms median, 1 thread");
        }
    }

    internal static (byte[] Jpeg, int Width, int Height) Enlarged(string file, int longSide)
    {
        using var small = OpenCvSharp.Cv2.ImRead(file);
        double k = (double)longSide / Math.Max(small.Cols, small.Rows);
        using var large = new OpenCvSharp.Mat();
        OpenCvSharp.Cv2.Resize(small, large, new OpenCvSharp.Size((int)Math.Round(small.Cols * k / 8) * 8, (int)Math.Round(small.Rows * k / 8) * 8), 0, 0, OpenCvSharp.InterpolationFlags.Lanczos4);
        return (large.ImEncode(".jpg", new OpenCvSharp.ImageEncodingParam(OpenCvSharp.ImwriteFlags.JpegQuality, 95)), small.Cols, small.Rows);
    }

    private static void Print(string label, KeypointScore s) =>
        Console.WriteLine($"{label,-34}{$"{s.Recalled}/{s.Persons}",18}{s.MeanOks,10:F3}{s.Pck,9:F3}");

    /// <summary>An mpref result file as PoseTools results (one pose per image where the official pipeline found one).</summary>
    private static Dictionary<string, PoseResult> Load(string path)
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(path));
        var results = new Dictionary<string, PoseResult>();
        foreach (var image in doc.RootElement.GetProperty("images").EnumerateArray())
        {
            int width = image.GetProperty("width").GetInt32(), height = image.GetProperty("height").GetInt32();
            var poses = new List<Pose>();
            if (image.GetProperty("found").GetBoolean())
            {
                var landmarks = image.GetProperty("landmarks").EnumerateArray().Select((l, i) =>
                {
                    float x = l.GetProperty("x").GetSingle(), y = l.GetProperty("y").GetSingle();
                    return new Landmark((PoseLandmark)i, x, y, l.GetProperty("z").GetSingle(), l.GetProperty("visibility").GetSingle(), 1, x * width, y * height);
                }).ToList();
                var world = landmarks.Select(l => new WorldLandmark(l.Name, 0, 0, 0, l.Visibility, 1));
                poses.Add(new Pose(1, 1, default, new PoseLandmarks<Landmark>(landmarks), new PoseLandmarks<WorldLandmark>(world), new RegionOfInterest(0.5f, 0.5f, 1, 1, 0), []));
            }
            string file = image.GetProperty("file").GetString()!;
            results[file] = new PoseResult(file, width, height, ModelComplexity.Full, poses, new PoseTimings(0, 0, 0, 0, 0));
        }
        return results;
    }
}
