using System.Diagnostics;
using Microsoft.ML.OnnxRuntime;
using OpenCvSharp;
using PoseTools.Inference;
using PoseTools.Models;
using PoseTools.Models.Onnx.Proto;

namespace PoseTools.Bench;

/// <summary>
/// What int8 models would give: calibrates activation ranges on the photos' own detector inputs and landmark crops,
/// quantises the detector and the full landmark model (<see cref="QdqQuantizer"/>), times each against its float model
/// (interleaved, 2 threads) and prints how far their outputs move on the same inputs — a best case, since calibration
/// and measurement share the inputs.
/// </summary>
public static class QuantizationBenchmark
{
    public static void Run(BenchOptions options)
    {
        string folder = options.Images ?? Path.Combine(PipelineBenchmark.FindRepoRoot(), "..", "shared", "data");
        var store = new ModelStore(options.Models);
        if (!store.IsInstalled()) store.Install();
        var (detectorInputs, crops) = ModelInputs(PipelineBenchmark.Photos(folder), options.Models);
        Console.WriteLine($"calibrated and measured on {detectorInputs.Count} detector inputs and {crops.Count} landmark crops " +
                          $"(photos of {folder}: as they are, mirrored, turned 90°, halved)");
        Console.WriteLine($"{"model",-44}{"float ms",10}{"int8 ms",10}   int8 output against float: mean / worst");

        string detector = store.GetModelPath(PoseModel.Detector);
        foreach (int floatHead in new[] { 0, 2 })
            Compare(detector, floatHead, detectorInputs, options.Runs, [1, PoseDetector.InputSize, PoseDetector.InputSize, 3], ["Identity", "Identity_1"],
                DetectorKeypointShift, "px of 224, keypoints 0–1 of detections scoring ≥ 0.5");
        string landmarks = LandmarksOnlyModel.Find(store.GetModelPath(PoseModel.LandmarkFull)) ?? throw new InvalidOperationException("no landmarks-only model");
        Compare(landmarks, 0, crops, options.Runs, [1, PoseLandmarker.InputSize, PoseLandmarker.InputSize, 3], ["Identity"],
            LandmarkShift, "px of 256, the 33 landmarks");
    }

    private static void Compare(string path, int floatHead, List<float[]> inputs, int runs, long[] shape, string[] outputs,
        Func<float[][], float[][], IEnumerable<double>> shift, string unit)
    {
        var floatModel = ModelProto.Parser.ParseFrom(File.ReadAllBytes(path));
        var int8Model = QdqQuantizer.Quantize(floatModel, ActivationRanges(floatModel, inputs, shape), floatHead);
        using var f = OnnxSessionFactory.Create(path, 2);
        using var q = OnnxSessionFactory.Create(int8Model, 2);
        var shifts = inputs.SelectMany(x => shift(Run(f, x, shape, outputs), Run(q, x, shape, outputs))).ToList();
        List<double> floatMs = [], int8Ms = [];
        for (int round = 0; round < 5; round++)
        {
            floatMs.AddRange(Time(f, inputs[0], shape, outputs, runs / 5 + 1));
            int8Ms.AddRange(Time(q, inputs[0], shape, outputs, runs / 5 + 1));
        }
        string name = Path.GetFileNameWithoutExtension(path) + (floatHead > 0 ? ", head in float" : "");
        Console.WriteLine($"{name,-44}{Stats.Median(floatMs),10:F2}{Stats.Median(int8Ms),10:F2}   " +
                          $"{shifts.Average():F2} / {shifts.Max():F1} {unit}");
    }

    // Detector outputs: 2254 anchors × 12 regressors (box, then 4 keypoints), scores as logits.
    private static IEnumerable<double> DetectorKeypointShift(float[][] f, float[][] q)
    {
        for (int a = 0; a < f[1].Length; a++)
        {
            if (f[1][a] < 0) continue;
            for (int k = 0; k < 2; k++)
                yield return Math.Sqrt(Math.Pow(f[0][a * 12 + 4 + 2 * k] - q[0][a * 12 + 4 + 2 * k], 2) + Math.Pow(f[0][a * 12 + 5 + 2 * k] - q[0][a * 12 + 5 + 2 * k], 2));
        }
    }

    // Landmark outputs: 39 points × (x, y, z, visibility, presence) in crop pixels; the first 33 are the body's.
    private static IEnumerable<double> LandmarkShift(float[][] f, float[][] q) =>
        Enumerable.Range(0, 33).Select(i => Math.Sqrt(Math.Pow(f[0][i * 5] - q[0][i * 5], 2) + Math.Pow(f[0][i * 5 + 1] - q[0][i * 5 + 1], 2)));

    private static (List<float[]> Detector, List<float[]> Crops) ModelInputs(IReadOnlyList<string> photos, string? models)
    {
        using var estimator = new PoseEstimator(new PoseEstimatorOptions { ModelDirectory = models });
        List<float[]> detector = [], crops = [];
        foreach (var file in photos)
        {
            using var image = Cv2.ImRead(file);
            using var mirrored = image.Flip(FlipMode.Y);
            using var turned = new Mat();
            Cv2.Rotate(image, turned, RotateFlags.Rotate90Clockwise);
            using var halved = image.Resize(new Size(image.Cols / 2, image.Rows / 2));
            foreach (var variant in new[] { image, mirrored, turned, halved })
            {
                var trace = new PoseTrace();
                estimator.Estimate(variant, file, trace);
                detector.Add(trace.DetectorInput!);
                crops.AddRange(trace.Regions.Select(r => r.Input));
            }
        }
        return (detector, crops);
    }

    // Every intermediate tensor's min and max over the inputs: the float graph with all of them made outputs.
    private static Dictionary<string, (float Min, float Max)> ActivationRanges(ModelProto floatModel, List<float[]> inputs, long[] shape)
    {
        var probe = floatModel.Clone();
        var existing = probe.Graph.Output.Select(o => o.Name).ToHashSet();
        foreach (var t in probe.Graph.Node.SelectMany(n => n.Output).Where(t => !existing.Contains(t)))
            probe.Graph.Output.Add(new ValueInfoProto { Name = t, Type = new TypeProto { TensorType = new TypeProto.Types.Tensor { ElemType = 1 } } });
        using var session = OnnxSessionFactory.Create(Google.Protobuf.MessageExtensions.ToByteArray(probe), 2);
        string[] names = [.. session.OutputMetadata.Keys];
        var ranges = names.ToDictionary(n => n, _ => (Min: float.MaxValue, Max: float.MinValue));
        foreach (var x in inputs)
        {
            var outputs = Run(session, x, shape, names);
            for (int i = 0; i < names.Length; i++)
                ranges[names[i]] = (Math.Min(ranges[names[i]].Min, outputs[i].Min()), Math.Max(ranges[names[i]].Max, outputs[i].Max()));
        }
        return ranges;
    }

    private static float[][] Run(InferenceSession session, float[] input, long[] shape, string[] outputs)
    {
        using var value = OrtValue.CreateTensorValueFromMemory(input, shape);
        using var results = session.Run(new RunOptions(), ["input_1"], [value], outputs);
        return results.Select(r => r.GetTensorDataAsSpan<float>().ToArray()).ToArray();
    }

    private static IEnumerable<double> Time(InferenceSession session, float[] input, long[] shape, string[] outputs, int runs)
    {
        using var value = OrtValue.CreateTensorValueFromMemory(input, shape);
        using var options = new RunOptions();
        session.Run(options, ["input_1"], [value], outputs).Dispose();
        var times = new List<double>(runs);
        for (int i = 0; i < runs; i++)
        {
            long start = Stopwatch.GetTimestamp();
            session.Run(options, ["input_1"], [value], outputs).Dispose();
            times.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
        }
        return times;
    }
}
